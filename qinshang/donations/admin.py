"""The administrator's view of the donations. Donations change only through the staff pages
(the services keep the items' value and record every change in the event log), so the admin
reads them."""

from django.contrib import admin

from qinshang.core.admin import ReadOnlyAdmin
from qinshang.donations.models import Donation, DonationItem


class DonationItemInline(admin.TabularInline):
    model = DonationItem
    extra = 0
    fields = ("name", "quantity", "unit", "value")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Donation)
class DonationAdmin(ReadOnlyAdmin):
    list_display = ("donated_on", "donor_name", "donor_kind", "recipient", "money",
                    "items_value", "region", "office")
    list_filter = ("donor_kind",)
    search_fields = ("donor_name", "recipient")
    date_hierarchy = "donated_on"
    list_select_related = ("office", "region")
    inlines = [DonationItemInline]
