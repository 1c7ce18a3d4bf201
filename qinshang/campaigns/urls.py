from django.urls import path

from qinshang.campaigns import survey_views, views

app_name = "campaigns"

urlpatterns = [
    # --- campaigns, targets, teams, visits, symposiums (views.py) ---
    path("", views.campaign_list, name="list"),
    # --- surveys, staff side (survey_views.py) ---
]
