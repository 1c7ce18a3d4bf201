"""The administrator's view of campaigns. Campaigns, their targets and visits change only through
the staff pages (the services record every change in the event log), so the admin reads them."""

from django.contrib import admin

from qinshang.campaigns.models import Campaign, Visit
from qinshang.core.admin import ReadOnlyAdmin


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "scope", "state", "starts_on", "ends_on")
    list_filter = ("state", "kind")
    search_fields = ("name",)
    date_hierarchy = "starts_on"
    list_select_related = ("scope",)


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ("visited_on", "enterprise", "region", "campaign", "method", "people_met")
    list_filter = ("method",)
    date_hierarchy = "visited_on"
    list_select_related = ("enterprise", "region", "campaign")
    raw_id_fields = ("enterprise", "campaign", "team", "report", "recorded_by")
