from django.contrib import admin

from qinshang.core.admin import ReadOnlyAdmin
from qinshang.events.models import Event


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "verb", "target_repr", "region_code"]
    list_filter = ["verb"]
    search_fields = ["target_repr", "target_id", "verb"]
    date_hierarchy = "at"
