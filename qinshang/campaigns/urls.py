from django.urls import path

from qinshang.campaigns import survey_views, views

app_name = "campaigns"

urlpatterns = [
    # --- campaigns, targets, teams, visits, symposiums (views.py) ---
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/launch/", views.campaign_launch, name="launch"),
    path("<int:pk>/close/", views.campaign_close, name="close"),
    path("<int:pk>/targets/", views.campaign_targets, name="targets"),
    path("<int:pk>/targets/export.xlsx", views.targets_export, name="targets_export"),
    path("<int:pk>/teams/new/", views.team_create, name="team_create"),
    path("<int:pk>/visits/", views.campaign_visits, name="visits"),
    path("<int:pk>/visits/export.xlsx", views.visits_export, name="visits_export"),
    path("<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("<int:pk>/symposiums/new/", views.symposium_create, name="symposium_create"),
    # --- surveys, staff side (survey_views.py) ---
    path("<int:campaign_pk>/surveys/new/", survey_views.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", survey_views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/not-returned.xlsx", survey_views.survey_chase_export,
         name="survey_chase_export"),
    path("surveys/<int:pk>/distribute/", survey_views.survey_distribute,
         name="survey_distribute"),
    path("copies/<int:pk>/", survey_views.distribution_detail, name="distribution_detail"),
    path("copies/<int:pk>/return/", survey_views.distribution_return,
         name="distribution_return"),
    path("copies/<int:pk>/link/", survey_views.distribution_link, name="distribution_link"),
]
