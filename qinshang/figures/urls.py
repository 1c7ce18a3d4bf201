from django.urls import path

from qinshang.figures import campaign_views, views

app_name = "figures"

urlpatterns = [
    path("appeals/", views.appeal_dashboard, name="appeals"),
    path("appeals/export.xlsx", views.appeal_figures_export, name="appeals_export"),
    path("campaigns/<int:pk>/", campaign_views.campaign_coverage, name="campaign_coverage"),
    path("campaigns/<int:pk>/export.xlsx", campaign_views.campaign_coverage_export,
         name="campaign_coverage_export"),
]
