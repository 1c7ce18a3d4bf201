from django.urls import path

from qinshang.imports import views

app_name = "imports"

urlpatterns = [
    path("campaigns/<int:pk>/visits/", views.visits_upload, name="visits"),
    path("campaigns/<int:pk>/targets/", views.targets_upload, name="targets"),
    path("surveys/<int:pk>/returns/", views.survey_returns_upload, name="survey_returns"),
    path("<slug:kind>/<int:pk>/template.xlsx", views.template_download, name="template"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/problems.xlsx", views.job_report, name="job_report"),
]
