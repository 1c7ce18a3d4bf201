"""The administrator's view of events. Events change only through the staff pages (the services
record every change in the event log), so the admin reads them."""

from django.contrib import admin

from qinshang.core.admin import ReadOnlyAdmin
from qinshang.gatherings.models import Gathering


@admin.register(Gathering)
class GatheringAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "kind", "title", "office", "region", "attendees")
    list_filter = ("kind",)
    date_hierarchy = "held_on"
    search_fields = ("title",)
    list_select_related = ("office", "region")
    raw_id_fields = ("office", "region", "campaign", "team", "recorded_by", "enterprises",
                     "persons", "appeals")
