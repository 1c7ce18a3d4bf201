from django.urls import path

from qinshang.appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("export.xlsx", views.appeal_export, name="export"),
    path("register/<int:enterprise_pk>/", views.appeal_register, name="register"),
    path("register/person/<int:person_pk>/", views.appeal_register_person,
         name="register_person"),
    path("<int:pk>/", views.appeal_detail, name="detail"),
    path("<int:pk>/edit/", views.appeal_edit, name="edit"),
    path("<int:pk>/act/<slug:action>/", views.appeal_act, name="act"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download,
         name="attachment"),
]
