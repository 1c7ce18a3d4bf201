"""Money reads as the offices write it: grouped yuan, 万元 and 亿元, rounded half up, from
Decimal without a float in between."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from qinshang.core.money import as_written, in_wan, in_yi, yuan


def test_yuan_are_grouped_by_thousands_with_two_decimals():
    assert yuan(Decimal("1234567.5")) == "1,234,567.50"
    assert yuan(Decimal("0")) == "0.00"
    assert yuan(None) == "—"


def test_the_seed_sums_read_as_the_reports_write_them():
    # Seed 003: 10 projects, 46.33亿元; seed 004: donations worth about 18.7万元.
    assert in_yi(Decimal("4633000000")) == "46.33"
    assert in_wan(Decimal("187000")) == "18.70"
    assert in_yi(Decimal("123456789012.34")) == "1,234.57"


def test_rounding_is_half_up_on_the_decimal_not_a_float():
    # 0.125 is not exact in binary; as a float it would round to 0.12.
    assert yuan(Decimal("0.125")) == "0.13"
    assert in_wan(Decimal("1005")) == "0.10"
    assert in_wan(Decimal("1050")) == "0.11"


@pytest.mark.parametrize(("amount", "english", "simplified"), [
    (Decimal("4633000000"), "46.33 hundred million yuan", "46.33亿元"),
    (Decimal("187000"), "18.70 ten thousand yuan", "18.70万元"),
    (Decimal("9999.5"), "9,999.50 yuan", "9,999.50元"),
])
def test_the_unit_is_chosen_as_a_report_would(amount, english, simplified):
    with translation.override("en"):
        assert as_written(amount) == english
    with translation.override("zh-hans"):
        assert as_written(amount) == simplified


def test_templates_use_the_same_filters():
    template = Template("{% load money %}{{ a|yuan }} {{ a|wan }} {{ b|yi }}")
    text = template.render(Context({"a": Decimal("187000"), "b": Decimal("4633000000")}))
    assert text == "187,000.00 18.70 46.33"
