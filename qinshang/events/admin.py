from django.contrib import admin

from qinshang.events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "verb", "target_repr", "region_code"]
    list_filter = ["verb"]
    search_fields = ["target_repr", "target_id", "verb"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
