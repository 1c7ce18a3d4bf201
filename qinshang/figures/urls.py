from django.urls import path

from qinshang.figures import (
    campaign_views,
    donation_views,
    gathering_views,
    hotline_views,
    liaison_views,
    policy_views,
    project_views,
    views,
)

app_name = "figures"

urlpatterns = [
    path("appeals/", views.appeal_dashboard, name="appeals"),
    path("appeals/export.xlsx", views.appeal_figures_export, name="appeals_export"),
    path("campaigns/<int:pk>/", campaign_views.campaign_coverage, name="campaign_coverage"),
    path("campaigns/<int:pk>/export.xlsx", campaign_views.campaign_coverage_export,
         name="campaign_coverage_export"),
    path("liaison/", liaison_views.liaison_compliance, name="liaison_compliance"),
    path("liaison/quarter/", liaison_views.liaison_quarter, name="liaison_quarter"),
    path("liaison/quarter/export.xlsx", liaison_views.liaison_quarter_export,
         name="liaison_quarter_export"),
    path("hotlines/", hotline_views.hotline_ranking, name="hotline_ranking"),
    path("hotlines/export.xlsx", hotline_views.hotline_ranking_export,
         name="hotline_ranking_export"),
    path("policies/", policy_views.policy_pushes, name="policy_pushes"),
    path("policies/export.xlsx", policy_views.policy_pushes_export,
         name="policy_pushes_export"),
    path("projects/", project_views.project_funnel_page, name="project_funnel"),
    path("projects/export.xlsx", project_views.project_funnel_export,
         name="project_funnel_export"),
    path("donations/", donation_views.donation_totals_page, name="donation_totals"),
    path("donations/export.xlsx", donation_views.donation_totals_export,
         name="donation_totals_export"),
    path("events/", gathering_views.gathering_counts, name="gathering_counts"),
    path("events/export.xlsx", gathering_views.gathering_counts_export,
         name="gathering_counts_export"),
]
