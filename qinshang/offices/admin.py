from django.contrib import admin

from qinshang.offices.models import Department, Office


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "region__code"]
    raw_id_fields = ["region"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "sector"]
    list_filter = ["sector"]
    search_fields = ["name", "region__code"]
    raw_id_fields = ["region"]
