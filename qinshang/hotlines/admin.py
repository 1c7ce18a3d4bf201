"""The administrator's view of the hotlines. Lines, calls, rounds and test calls change only
through the staff pages (the services record every change in the event log), so the admin reads
them."""

from django.contrib import admin

from qinshang.core.admin import ReadOnlyAdmin
from qinshang.hotlines.models import Call, Hotline, OpeningHours, TestCall, TestCallRound


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    fields = ("weekday", "opens", "closes")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Hotline)
class HotlineAdmin(ReadOnlyAdmin):
    list_display = ("number", "purpose", "office", "region", "always_open", "starts_on",
                    "status")
    list_filter = ("status", "always_open")
    search_fields = ("number", "purpose")
    date_hierarchy = "starts_on"
    list_select_related = ("office", "region")
    inlines = [OpeningHoursInline]


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "hotline", "topic", "caller_name", "outcome", "taken_by")
    list_filter = ("outcome",)
    search_fields = ("topic", "caller_name", "hotline__number")
    date_hierarchy = "received_at"
    list_select_related = ("hotline", "taken_by")
    raw_id_fields = ("hotline", "enterprise", "person", "appeal", "taken_by", "recorded_by")


@admin.register(TestCallRound)
class TestCallRoundAdmin(ReadOnlyAdmin):
    list_display = ("name", "office", "scope", "starts_on", "ends_on")
    search_fields = ("name",)
    date_hierarchy = "starts_on"
    list_select_related = ("office", "scope")
    raw_id_fields = ("hotlines", "created_by")


@admin.register(TestCall)
class TestCallAdmin(ReadOnlyAdmin):
    list_display = ("called_at", "hotline", "round", "answered", "seconds_to_answer",
                    "within_hours", "inspector")
    list_filter = ("answered", "within_hours")
    date_hierarchy = "called_at"
    list_select_related = ("hotline", "round", "inspector")
    raw_id_fields = ("hotline", "round", "inspector", "recorded_by")
