"""The administrator's side of appeals: the category list and each office's time limits.
Appeals themselves change only through the workflow, so the admin shows them read-only."""

from django.contrib import admin

from qinshang.appeals.models import Appeal, Category, TimeLimits


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh_hans", "name_zh_hant", "name_en", "order", "active")
    list_editable = ("order", "active")
    search_fields = ("code", "name_zh_hans", "name_zh_hant", "name_en")

    def has_delete_permission(self, request, obj=None) -> bool:
        # A category in use stays on its appeals; retire it with "active" instead.
        return False


@admin.register(TimeLimits)
class TimeLimitsAdmin(admin.ModelAdmin):
    list_display = ("office", "urgent_contact_hours", "urgent_answer_days",
                    "normal_contact_days", "normal_answer_days", "complex_answer_days",
                    "return_days", "reopen_limit")
    autocomplete_fields = ("office",)


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "state", "priority", "region", "registered_at")
    list_filter = ("state", "priority", "kind", "channel")
    search_fields = ("title",)
    date_hierarchy = "registered_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
