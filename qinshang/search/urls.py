from django.urls import path

from qinshang.search import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="results"),
    path("pick/<str:kind>/", views.pick, name="pick"),
]
