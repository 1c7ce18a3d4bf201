from django.urls import path

from qinshang.liaison import views

app_name = "liaison"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("plans/export.xlsx", views.plans_export, name="plans_export"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/rule/", views.plan_rule, name="plan_rule"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/contact/", views.plan_contact, name="plan_contact"),
    path("contacts/", views.contact_list, name="contacts"),
    path("contacts/export.xlsx", views.contacts_export, name="contacts_export"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
]
