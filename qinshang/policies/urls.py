from django.urls import path

from qinshang.policies import views

app_name = "policies"

urlpatterns = [
    path("", views.policy_list, name="list"),
    path("export.xlsx", views.policy_export, name="export"),
    path("new/", views.policy_create, name="create"),
    path("<int:pk>/", views.policy_detail, name="detail"),
    path("<int:pk>/edit/", views.policy_edit, name="edit"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.policy_attachment,
         name="attachment"),
    # GET: the preview of the enterprises matched; POST: the push.
    path("<int:pk>/push/", views.policy_push, name="push"),
    path("pushes/<int:pk>/", views.push_detail, name="push_detail"),
    path("pushes/<int:pk>/withdraw/", views.push_withdraw, name="push_withdraw"),
]
