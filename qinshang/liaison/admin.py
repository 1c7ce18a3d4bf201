"""The administrator's view of the liaison system. Plans and contacts change only through the
staff pages (the services record every change in the event log), so the admin reads them."""

from django.contrib import admin

from qinshang.core.admin import ReadOnlyAdmin
from qinshang.liaison.models import Contact, LiaisonPlan


@admin.register(LiaisonPlan)
class LiaisonPlanAdmin(ReadOnlyAdmin):
    list_display = ("staff", "office", "enterprise", "person", "department", "interval",
                    "method", "starts_on", "ends_on")
    list_filter = ("interval", "method")
    date_hierarchy = "starts_on"
    list_select_related = ("staff", "office", "enterprise", "person", "department")
    raw_id_fields = ("office", "region", "staff", "enterprise", "person", "department",
                     "created_by")


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ("contacted_on", "staff", "enterprise", "person", "department", "method",
                    "region")
    list_filter = ("method",)
    date_hierarchy = "contacted_on"
    list_select_related = ("staff", "enterprise", "person", "department", "region")
    raw_id_fields = ("staff", "enterprise", "person", "department", "region", "recorded_by")
