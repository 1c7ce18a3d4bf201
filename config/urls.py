from django.contrib import admin
from django.urls import include, path

from qinshang.access.admin_site import restrict_admin_to_administrators
from qinshang.api.api import urlpatterns as api_urlpatterns

restrict_admin_to_administrators(admin.site)

urlpatterns = [
    path("", include("qinshang.core.urls")),
    path("accounts/tokens/", include("qinshang.api.urls")),
    path("accounts/", include("qinshang.accounts.urls")),
    path("enterprises/", include("qinshang.enterprises.urls")),
    path("appeals/", include("qinshang.appeals.urls")),
    path("campaigns/", include("qinshang.campaigns.urls")),
    path("liaison/", include("qinshang.liaison.urls")),
    path("hotlines/", include("qinshang.hotlines.urls")),
    path("events/", include("qinshang.gatherings.urls")),
    path("projects/", include("qinshang.projects.urls")),
    path("policies/", include("qinshang.policies.urls")),
    path("donations/", include("qinshang.donations.urls")),
    path("figures/", include("qinshang.figures.urls")),
    path("imports/", include("qinshang.imports.urls")),
    path("search/", include("qinshang.search.urls")),
    path("reports/", include("qinshang.reports.urls")),
    path("notifications/", include("qinshang.notifications.urls")),
    path("portal/", include("qinshang.portal.urls")),
    path("open311/v2/", include("qinshang.open311.urls")),
    path("api/v1/", api_urlpatterns()),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
