from django.urls import path

from qinshang.portal import hotline_views, policy_views, survey_views, views

app_name = "portal"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("appeals/new/", views.appeal_create, name="appeal_create"),
    path("appeals/<int:pk>/", views.appeal_page, name="appeal"),
    path("appeals/<int:pk>/rate/", views.appeal_rate, name="rate"),
    path("appeals/<int:pk>/reopen/", views.appeal_reopen, name="reopen"),
    path("appeals/<int:pk>/comment/", views.appeal_comment, name="comment"),
    path("appeals/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download,
         name="attachment"),
    # The policies pushed to the portal user's enterprise.
    path("policies/", policy_views.policy_inbox, name="policies"),
    path("policies/<int:pk>/", policy_views.policy_page, name="policy"),
    path("policies/<int:pk>/attachments/<int:attachment_pk>/", policy_views.policy_attachment,
         name="policy_attachment"),
    # The public directory of the service hotlines: no login.
    path("hotlines/", hotline_views.hotline_directory, name="hotlines"),
    # The opinion survey's invitation link: no login, the token is the key.
    path("survey/<str:token>/", survey_views.survey, name="survey"),
]
