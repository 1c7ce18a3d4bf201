from django.contrib.admin import AdminSite


def restrict_admin_to_administrators(site: AdminSite) -> None:
    """The Django admin bypasses jurisdiction, so only system administrators may enter it."""

    def has_permission(request) -> bool:
        user = request.user
        return user.is_active and user.is_superuser

    site.has_permission = has_permission
