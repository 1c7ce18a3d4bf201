from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from qinshang.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["office", "department", "enterprise"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "is_active", "is_superuser"]
    fieldsets = (*BaseUserAdmin.fieldsets, (None, {"fields": ["full_name", "phone"]}))
