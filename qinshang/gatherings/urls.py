from django.urls import path

from qinshang.gatherings import views

app_name = "gatherings"

urlpatterns = [
    path("", views.gathering_list, name="list"),
    path("export.xlsx", views.gathering_export, name="export"),
    path("new/", views.gathering_create, name="create"),
    path("<int:pk>/", views.gathering_detail, name="detail"),
    path("<int:pk>/edit/", views.gathering_edit, name="edit"),
    path("<int:pk>/appeals/", views.gathering_appeals, name="appeals"),
    path("<int:pk>/projects/new/", views.gathering_project, name="project"),
]
