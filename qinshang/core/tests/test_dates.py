"""A day out of range in any date box is a message, never a 500 (the periods' arithmetic has no
day after 9999-12-31 and no time zone before 0001-01-01)."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(("name", "params"), [
    ("appeals:list", {"registered_to": "9999-12-31"}),
    ("appeals:list", {"registered_from": "0001-01-01"}),
    ("figures:appeals", {"date_from": "0001-01-01"}),
    ("figures:appeals", {"date_to": "9999-12-31"}),
    ("figures:project_funnel", {"from": "0001-01-01", "to": "9999-12-31"}),
    ("gatherings:list", {"date_from": "0001-01-01", "date_to": "9999-12-31"}),
    ("donations:list", {"date_from": "0001-01-01"}),
])
def test_a_day_out_of_range_is_a_message(client, cast, name, params):
    client.force_login(cast.province)
    client.cookies["django_language"] = "en"

    response = client.get(reverse(name), params)

    assert response.status_code == 200
    assert "Give a date between 1900-01-01 and 2999-12-31." in response.content.decode()
