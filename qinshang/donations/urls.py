from django.urls import path

from qinshang.donations import views

app_name = "donations"

urlpatterns = [
    path("", views.donation_list, name="list"),
    path("export.xlsx", views.donation_export, name="export"),
    path("new/", views.donation_create, name="create"),
    path("<int:pk>/", views.donation_detail, name="detail"),
    path("<int:pk>/edit/", views.donation_edit, name="edit"),
]
