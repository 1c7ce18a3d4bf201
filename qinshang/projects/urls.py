from django.urls import path

from qinshang.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("export.xlsx", views.project_export, name="export"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/stages/new/", views.stage_create, name="stage_create"),
    path("import/", views.project_import, name="import"),
    path("import/funds/", views.fund_arrival_import, name="import_funds"),
    path("import/<slug:kind>/template.xlsx", views.import_template, name="import_template"),
]
