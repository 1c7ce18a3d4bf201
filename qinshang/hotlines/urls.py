from django.urls import path

from qinshang.hotlines import views

app_name = "hotlines"

urlpatterns = [
    path("", views.hotline_list, name="list"),
    path("export.xlsx", views.hotline_export, name="export"),
    path("new/", views.hotline_create, name="create"),
    path("<int:pk>/", views.hotline_detail, name="detail"),
    path("<int:pk>/edit/", views.hotline_edit, name="edit"),
    path("<int:pk>/calls/new/", views.call_create, name="call_create"),
    path("calls/", views.call_list, name="calls"),
    path("calls/export.xlsx", views.call_export, name="calls_export"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    # ?hotline=<pk>, and &round=<pk> for a call in a round
    path("test-calls/new/", views.test_call_create, name="test_call_create"),
]
