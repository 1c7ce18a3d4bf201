from django.urls import path

from qinshang.reports import views

app_name = "reports"

urlpatterns = [
    path("campaigns/<int:pk>/summary/", views.campaign_summary, name="campaign_summary"),
]
