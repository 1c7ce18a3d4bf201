"""GeoReport v2: each resource answers in the format its suffix names (.json or .xml)."""

from django.urls import path, register_converter

from qinshang.open311 import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "open311_format")

app_name = "open311"

urlpatterns = [
    path("discovery.<open311_format:format>", views.discovery, name="discovery"),
    path("services.<open311_format:format>", views.service_list, name="services"),
    # str, not slug or int: an unknown code or id gets the specification's 404, not Django's.
    path("services/<str:service_code>.<open311_format:format>", views.service_definition,
         name="service_definition"),
    path("requests.<open311_format:format>", views.requests, name="requests"),
    path("requests/<str:service_request_id>.<open311_format:format>", views.service_request,
         name="request"),
]
