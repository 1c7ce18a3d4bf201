from django.urls import path

from qinshang.figures import views

app_name = "figures"

urlpatterns = [
    path("appeals/", views.appeal_dashboard, name="appeals"),
    path("appeals/export.xlsx", views.appeal_figures_export, name="appeals_export"),
]
