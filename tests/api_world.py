"""The whole cast with a token for each member, built once for a test module of the API (the
jurisdiction matrix, the schemathesis run): every record the API's endpoints read, inside a
transaction rolled back when the module ends. Each test then runs in a savepoint of its own.

Use it as ``world = api_world_fixture()`` at the top of a test module."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from qinshang.api.services import token_issue
from qinshang.testing.cast import (
    Cast,
    build_appeal_cast,
    build_campaign_cast,
    build_cast,
    build_liaison_cast,
)
from tests import matrix_donations, matrix_gatherings, matrix_policies, matrix_projects


@dataclass
class World:
    cast: Cast
    tokens: dict[str, str]   # member → the secret of their own token

    def ids(self) -> dict[str, int]:
        """The path parameters of the API, each naming the cast's record."""
        cast = self.cast
        return {"enterprise_id": cast.enterprise.pk, "person_id": cast.person.pk,
                "appeal_id": cast.appeals.appeal.pk, "visit_id": cast.campaigns.visit.pk,
                "contact_id": cast.liaison.contact.pk,
                "project_id": cast.extras["projects"].project.pk,
                "policy_id": cast.extras["policies"].policy.pk,
                "campaign_id": cast.campaigns.campaign.pk}


def _reference_data() -> None:
    from qinshang.appeals.categories import categories_add_initial
    from qinshang.appeals.models import Category
    from qinshang.questionnaires.initial import form_templates_add_initial
    from qinshang.questionnaires.models import FormTemplate, Question
    from qinshang.regions.models import Region
    from qinshang.regions.services import divisions_load
    from qinshang.workdays.models import CalendarYear
    from qinshang.workdays.services import calendar_years_load_from_package

    # A transactional test elsewhere may have flushed the tables (see the root conftest).
    if not Region.objects.exists():
        divisions_load()
    if not CalendarYear.objects.exists():
        calendar_years_load_from_package()
    if not Category.objects.exists():
        categories_add_initial(Category)
    if not FormTemplate.objects.exists():
        form_templates_add_initial(FormTemplate, Question)
    # Appeals registered now may have deadlines in a year whose holidays are not published.
    CalendarYear.objects.get_or_create(year=timezone.localdate().year + 1,
                                       defaults={"source": "test: weekly rule only"})


def build_world() -> World:
    _reference_data()
    cast = build_cast()
    cast.appeals = build_appeal_cast(cast)
    cast.campaigns = build_campaign_cast(cast)
    cast.liaison = build_liaison_cast(cast)
    for matrix in (matrix_gatherings, matrix_projects, matrix_policies, matrix_donations):
        cast.extras[matrix.LABEL] = matrix.build(cast)
    tokens = {name: token_issue(actor=user, name="tests").secret
              for name, user in cast.everyone().items()}
    return World(cast=cast, tokens=tokens)


def api_world_fixture():
    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker, tmp_path_factory):
        quick = override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=tmp_path_factory.mktemp("api-world-files"))
        outer = transaction.atomic()
        with django_db_blocker.unblock(), quick:
            outer.__enter__()
            built = build_world()
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return world
