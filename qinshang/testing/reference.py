"""The reference data every test may count on: what the migrations and the session load put in.

A transactional test's flush empties every table, so whoever needs these rows after one puts
them back with these functions (the ``divisions`` fixture, the shared casts of the matrix).
"""

from __future__ import annotations

from django.utils import timezone

from qinshang.appeals.categories import categories_add_initial
from qinshang.appeals.models import Category
from qinshang.questionnaires.initial import form_templates_add_initial
from qinshang.questionnaires.models import FormTemplate, Question
from qinshang.regions.models import Region
from qinshang.regions.services import divisions_load
from qinshang.workdays.models import CalendarYear
from qinshang.workdays.services import calendar_years_load_from_package


def reference_data_ensure() -> None:
    """The division list, the holiday calendar, the appeal categories and the initial form
    templates, each loaded again only if missing."""
    if not Region.objects.exists():
        divisions_load()
    if not CalendarYear.objects.exists():
        calendar_years_load_from_package()
    if not Category.objects.exists():
        categories_add_initial(Category)
    if not FormTemplate.objects.exists():
        form_templates_add_initial(FormTemplate, Question)


def next_year_calendar_ensure() -> None:
    """For pages that register appeals at the real present moment: near the year's end their
    deadlines reach into the next year, whose holidays may not be published yet. The
    administrator would enter that year; here it counts by the weekly rule alone."""
    CalendarYear.objects.get_or_create(year=timezone.localdate().year + 1,
                                       defaults={"source": "test: weekly rule only"})
