"""Enterprise and person pickers (issue 7, point 2): the pick endpoint answers from the one
search, only what the user may see and the form may take; the widget shows the chosen record's
name and never lists the field's choices."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from qinshang.access import visible, writable
from qinshang.enterprises.models import Enterprise, Person
from qinshang.search.widgets import (
    EnterprisePicker,
    MultiplePersonPicker,
    PersonPicker,
)
from qinshang.testing import factories as f
from qinshang.testing.cast import NEIGHBOUR_COUNTY, OWNER_COUNTY


def pick(client, user, kind: str = "enterprise", **params):
    client.force_login(user)
    return client.get(reverse("search:pick", args=[kind]), params)


def picked(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- the endpoint ------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["魯臺", "鲁台", "魯臺精密", "鲁台精密机械", "精密"])
def test_either_script_finds_the_enterprise_with_its_name_and_key(client, cast, query):
    text = picked(pick(client, cast.owner, q=query))

    assert f'data-pk="{cast.enterprise.pk}"' in text
    assert f'data-name="{cast.enterprise.name}"' in text
    assert "<mark>" in text
    assert cast.enterprise.credit_code in text  # a fact beside the name


def test_a_two_character_traditional_query_marks_the_simplified_name(client, cast):
    text = picked(pick(client, cast.owner, q="魯臺"))
    assert "济南<mark>鲁台</mark>精密机械有限公司" in text


def test_a_person_is_found_in_either_script(client, cast):
    for query in ("陳志", "陈志", "志明"):
        text = picked(pick(client, cast.owner, "person", q=query))
        assert f'data-pk="{cast.person.pk}"' in text
        assert f'data-name="{cast.person.name}"' in text


def test_an_empty_query_answers_an_empty_list(client, cast):
    assert pick(client, cast.owner, q="").content == b""
    assert pick(client, cast.owner, q="   ").content == b""
    assert pick(client, cast.owner).content == b""


def test_only_what_the_user_may_see(client, cast):
    assert cast.enterprise.name not in picked(pick(client, cast.neighbour, q="精密"))
    assert cast.enterprise.name not in picked(pick(client, cast.neighbour, q="魯臺"))
    assert "data-pk" not in picked(pick(client, cast.neighbour, "person", q="陳志明"))
    assert cast.enterprise.name not in picked(pick(client, cast.other_city, q="精密"))
    assert cast.enterprise.name not in picked(pick(client, cast.department, q="精密"))
    own = picked(pick(client, cast.neighbour, q="台资"))
    assert f'data-pk="{cast.foreign_enterprise.pk}"' in own
    assert cast.enterprise.name not in own
    city = picked(pick(client, cast.city, q="济南"))
    assert f'data-pk="{cast.enterprise.pk}"' in city
    assert f'data-pk="{cast.foreign_enterprise.pk}"' in city


def test_nothing_found_says_so_in_the_users_language(client, cast):
    client.cookies["django_language"] = "en"
    text = picked(pick(client, cast.neighbour, q="精密"))
    assert "Nothing you may choose matches “精密”." in text


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
                                   "'; DROP TABLE enterprises_enterprise; --", "NEAR(", '"*"'])
def test_markup_and_syntax_in_the_query_are_only_text(client, cast, query):
    text = picked(pick(client, cast.owner, q=query))
    assert "<script>" not in text
    assert "<img" not in text
    assert Enterprise.objects.filter(pk=cast.enterprise.pk).exists()


def test_markup_in_a_name_is_escaped_in_the_list(client, cast):
    f.EnterpriseFactory(region_id=OWNER_COUNTY, name="<b>历下</b>精工\"有限公司")
    text = picked(pick(client, cast.owner, q="精工"))
    assert "<b>" not in text
    assert 'data-name="&lt;b&gt;历下&lt;/b&gt;精工&quot;有限公司"' in text


def test_unknown_kinds_and_kinds_that_are_no_pickers_are_404(client, cast):
    assert pick(client, cast.owner, "nonsense", q="台").status_code == 404
    assert pick(client, cast.owner, "appeal", q="台").status_code == 404


def test_portal_users_get_404_and_visitors_the_login(client, cast):
    assert pick(client, cast.portal, q="精密").status_code == 404
    client.logout()
    response = client.get(reverse("search:pick", args=["enterprise"]), {"q": "精密"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_only_get(client, cast):
    client.force_login(cast.owner)
    assert client.post(reverse("search:pick", args=["enterprise"]), {"q": "精密"}
                       ).status_code == 405


def test_at_most_ten_with_a_word_that_more_match(client, cast):
    for number in range(12):
        f.EnterpriseFactory(region_id=OWNER_COUNTY, name=f"历下台资精工{number}号有限公司")
    client.cookies["django_language"] = "en"
    text = picked(pick(client, cast.owner, q="精工"))
    assert text.count('class="picker-hit"') == 10
    assert "More match" in text


# --- the scope a form's picker asks for ---------------------------------------------------------

def test_write_offers_only_what_the_user_may_change(client, cast):
    assert f'data-pk="{cast.enterprise.pk}"' in picked(pick(client, cast.reader, q="精密"))
    assert f'data-pk="{cast.enterprise.pk}"' not in picked(
        pick(client, cast.reader, q="精密", write="1"))
    assert f'data-pk="{cast.enterprise.pk}"' in picked(
        pick(client, cast.owner, q="精密", write="1"))


def test_a_division_narrows_to_its_subtree(client, cast):
    narrowed = picked(pick(client, cast.city, q="济南", region=NEIGHBOUR_COUNTY))
    assert f'data-pk="{cast.foreign_enterprise.pk}"' in narrowed
    assert f'data-pk="{cast.enterprise.pk}"' not in narrowed
    # A division outside the user's reach widens nothing.
    assert 'data-pk' not in picked(pick(client, cast.owner, q="济南", region=NEIGHBOUR_COUNTY))
    assert 'data-pk' not in picked(pick(client, cast.owner, q="济南", region="999999"))


def test_an_enterprise_narrows_persons_to_its_own(client, cast):
    stranger = f.PersonFactory(region_id=OWNER_COUNTY, name="陳志遠")
    text = picked(pick(client, cast.owner, "person", q="陳志",
                       enterprise=str(cast.enterprise.pk)))
    assert f'data-pk="{cast.person.pk}"' in text
    assert f'data-pk="{stranger.pk}"' not in text
    # Persons of an enterprise the user does not see: none, whoever they are.
    f.affiliate(stranger, cast.foreign_enterprise)
    assert "data-pk" not in picked(pick(client, cast.owner, "person", q="陳志",
                                        enterprise=str(cast.foreign_enterprise.pk)))


@pytest.mark.parametrize("params", [{"q": "精密", "region": "abc"},
                                    {"q": "精密", "enterprise": "-1"},
                                    {"q": "精密", "enterprise": "x"},
                                    {"q": "精密", "campaign": "0"},
                                    {"q": "精" * 300}])
def test_bad_parameters_answer_an_empty_list_not_an_error(client, cast, params):
    assert pick(client, cast.owner, **params).content == b""


# --- the widget --------------------------------------------------------------------------------

class DonorForm(forms.Form):
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), required=False,
                                        widget=EnterprisePicker)
    person = forms.ModelChoiceField(queryset=Person.objects.none(), required=False,
                                    widget=PersonPicker)
    met = forms.ModelMultipleChoiceField(queryset=Person.objects.none(), required=False,
                                         widget=MultiplePersonPicker)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = writable(user, Enterprise)
        self.fields["enterprise"].widget.narrow(write=True)
        self.fields["person"].queryset = visible(user, Person)
        self.fields["met"].queryset = visible(user, Person)


def test_a_bound_form_shows_the_chosen_name_and_never_the_other_choices(cast):
    others = [f.EnterpriseFactory(region_id=OWNER_COUNTY, name=f"历下其他台企{n}")
              for n in range(3)]
    form = DonorForm({"enterprise": str(cast.enterprise.pk)}, user=cast.owner)

    html = str(form["enterprise"])

    assert f'<input type="hidden" name="enterprise" value="{cast.enterprise.pk}">' in html
    assert cast.enterprise.name in html
    assert cast.enterprise.credit_code in html
    assert "<option" not in html
    assert all(other.name not in html for other in others)
    assert cast.foreign_enterprise.name not in html
    assert f'hx-get="{reverse("search:pick", args=["enterprise"])}?write=1"' in html
    assert 'hx-trigger="input changed delay:250ms, search"' in html
    assert form.is_valid(), form.errors
    assert form.cleaned_data["enterprise"] == cast.enterprise


def test_an_initial_value_shows_its_name(cast):
    form = DonorForm(user=cast.owner, initial={"person": cast.person.pk})
    html = str(form["person"])
    assert cast.person.name in html
    assert f'value="{cast.person.pk}"' in html


def test_the_label_points_at_the_text_box(cast):
    form = DonorForm(user=cast.owner)
    assert form["enterprise"].id_for_label == "id_enterprise"
    assert 'id="id_enterprise"' in str(form["enterprise"])
    assert 'id="id_enterprise_hits"' in str(form["enterprise"])


def test_a_key_outside_the_queryset_shows_nothing_and_is_refused(cast):
    with translation.override("en"):
        form = DonorForm({"enterprise": str(cast.foreign_enterprise.pk)}, user=cast.owner)
        html = str(form["enterprise"])
        assert not form.is_valid()
        assert "Select a valid choice" in str(form.errors["enterprise"])
    assert cast.foreign_enterprise.name not in html
    assert 'type="hidden"' not in html


@pytest.mark.parametrize("value", ["abc", "1 OR 1=1", "-3", "<b>"])
def test_a_key_that_is_not_a_number_is_refused_without_an_error(cast, value):
    form = DonorForm({"enterprise": value}, user=cast.owner)
    html = str(form["enterprise"])
    assert not form.is_valid()
    assert "<b>" not in html


def test_the_multiple_picker_keeps_every_chosen_record_in_order(cast):
    second = f.PersonFactory(region_id=OWNER_COUNTY, name="林美華")
    f.affiliate(second, cast.enterprise)
    data = QueryDict(mutable=True)
    data.setlist("met", [str(second.pk), str(cast.person.pk)])
    form = DonorForm(data, user=cast.owner)

    html = str(form["met"])

    assert html.index("林美華") < html.index(cast.person.name)
    assert html.count('type="hidden" name="met"') == 2
    assert "data-multiple" in html
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["met"]) == {second, cast.person}


def test_an_empty_multiple_picker_means_none(cast):
    form = DonorForm(QueryDict(), user=cast.owner)
    assert form.is_valid()
    assert list(form.cleaned_data["met"]) == []


def test_the_name_is_looked_up_once(cast):
    form = DonorForm({"enterprise": str(cast.enterprise.pk)}, user=cast.owner)
    with CaptureQueriesContext(connection) as queries:
        str(form["enterprise"])
    assert len(queries) <= 2  # the principal's offices at most once, the record once


def test_empty_values_of_a_multiple_picker_are_none(cast):
    data = QueryDict("met=&met=%20", mutable=False)
    form = DonorForm(data, user=cast.owner)
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["met"]) == []
