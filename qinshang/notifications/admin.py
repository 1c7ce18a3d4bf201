from django.contrib import admin

from qinshang.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """For the administrator answering "did I get told?": notifications are read, not made
    or edited, here."""

    list_display = ["at", "recipient", "verb", "target_repr", "read_at", "emailed_at"]
    list_filter = ["verb"]
    search_fields = ["recipient__username", "recipient__full_name", "target_repr", "target_id"]
    list_select_related = ["recipient"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
