from django.contrib import admin

from qinshang.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "revision", "retired"]
    list_filter = ["level", "retired", "mainland"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "successor"]
