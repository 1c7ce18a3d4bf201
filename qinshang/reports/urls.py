from django.urls import path

from qinshang.reports import guide_views, views

app_name = "reports"

urlpatterns = [
    path("campaigns/<int:pk>/summary/", views.campaign_summary, name="campaign_summary"),
    path("service-guide/", guide_views.service_guide, name="service_guide"),
]
