"""The administrator's view of the investment projects. Projects and their stages change only
through the staff pages (the services keep the project's dates and record every change in the
event log), so the admin reads them."""

from django.contrib import admin

from qinshang.core.admin import ReadOnlyAdmin
from qinshang.projects.models import Project, ProjectStage


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("name", "investor", "region", "signed_on", "contracted_investment",
                    "funds_arrived", "construction_started_on", "production_started_on",
                    "cancelled_on")
    date_hierarchy = "signed_on"
    search_fields = ("name", "investor")
    list_select_related = ("region",)
    raw_id_fields = ("enterprise", "office", "region", "signing_event", "created_by")


@admin.register(ProjectStage)
class ProjectStageAdmin(ReadOnlyAdmin):
    list_display = ("project", "kind", "happened_on", "amount", "region", "recorded_by")
    list_filter = ("kind",)
    date_hierarchy = "happened_on"
    list_select_related = ("project", "region", "recorded_by")
    raw_id_fields = ("project", "region", "recorded_by")
