"""Connection rates, bands and coverage on a hand-built round whose figures are known in advance
(calls outside a line's hours included), and bad input refused with nothing written."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from qinshang.appeals.models import Category, Channel
from qinshang.appeals.services import Problem
from qinshang.events.models import Event
from qinshang.figures import hotlines as figures
from qinshang.figures.hotlines import Band
from qinshang.hotlines import services
from qinshang.hotlines.models import Call, Hotline, OpeningHours, TestCall
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import CITY, NEIGHBOUR_COUNTY, OWNER_COUNTY, PROVINCE

TZ = ZoneInfo("Asia/Shanghai")
WEDNESDAY = datetime.datetime(2026, 4, 15, 10, 0, tzinfo=TZ)
SATURDAY = datetime.datetime(2026, 4, 18, 10, 0, tzinfo=TZ)
LATER = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=TZ)
OFFICE_HOURS = [services.Hours(day, datetime.time(9), datetime.time(17)) for day in range(5)]


def line(cast, code, number, hours=()):
    return services.hotline_create(
        actor=cast.province, office=f.office_at(code), hours=hours, at=LATER,
        data={"number": number, "purpose": "台胞台企服务热线", "always_open": not hours,
              "starts_on": datetime.date(2026, 4, 1)})


def calls(cast, test_round, hotline, made, answered, when=WEDNESDAY, seconds=10, score=5):
    for n in range(made):
        scored = n < answered
        services.test_call_record(
            actor=cast.province, hotline=hotline, test_round=test_round, at=LATER,
            data={"called_at": when + datetime.timedelta(minutes=n), "answered": scored,
                  "seconds_to_answer": seconds if scored else None,
                  **dict.fromkeys(("courtesy", "knowledge", "ownership", "accuracy"),
                                  score if scored else None)})


@pytest.fixture
def known_round(cast):
    lines = {
        "hot": line(cast, OWNER_COUNTY, "0531-81110001"),
        "warm": line(cast, OWNER_COUNTY, "0531-81110002", hours=OFFICE_HOURS),
        "cold": line(cast, NEIGHBOUR_COUNTY, "0531-81110003"),
        "dead": line(cast, NEIGHBOUR_COUNTY, "0531-81110004"),
        "untested": line(cast, CITY, "0531-81110005"),
        "only_after_hours": line(cast, CITY, "0531-81110006", hours=OFFICE_HOURS),
    }
    test_round = services.round_create(
        actor=cast.province, office=f.office_at(PROVINCE), hotlines=list(lines.values()),
        at=LATER, data={"name": "4月拨测", "starts_on": datetime.date(2026, 4, 1),
                        "ends_on": datetime.date(2026, 4, 30)})
    calls(cast, test_round, lines["hot"], 20, 19)
    calls(cast, test_round, lines["warm"], 10, 5, seconds=20, score=3)
    calls(cast, test_round, lines["warm"], 3, 0, when=SATURDAY)       # closed: not counted
    calls(cast, test_round, lines["cold"], 10, 2, seconds=40, score=2)
    calls(cast, test_round, lines["dead"], 4, 0)
    calls(cast, test_round, lines["only_after_hours"], 2, 0, when=SATURDAY)
    return test_round, lines


def test_each_line_has_its_known_rate_and_band(cast, known_round):
    test_round, lines = known_round
    rows = {row.hotline.number: row.counts for row in figures.line_figures(
        figures.test_calls_in(cast.province, test_round=test_round),
        test_round.hotlines.all())}
    expected = {"hot": (20, 19, 0, Band.HOT), "warm": (10, 5, 3, Band.WARM),
                "cold": (10, 2, 0, Band.COLD), "dead": (4, 0, 0, Band.DEAD),
                "untested": (0, 0, 0, Band.UNTESTED),
                "only_after_hours": (0, 0, 2, Band.UNTESTED)}
    for name, (made, answered, outside, band) in expected.items():
        counts = rows[lines[name].number]
        assert (counts.made, counts.answered, counts.outside_hours, counts.band) == (
            made, answered, outside, band), name
    assert rows[lines["hot"].number].connection_rate == 0.95
    assert rows[lines["hot"].number].meets_standard is True
    assert rows[lines["warm"].number].connection_rate == 0.5
    assert rows[lines["warm"].number].mean_seconds == 20
    assert rows[lines["warm"].number].mean_scores == dict.fromkeys(
        ("courtesy", "knowledge", "ownership", "accuracy"), 3)
    assert rows[lines["dead"].number].mean_seconds is None


def test_offices_divisions_ranking_and_coverage_add_up(cast, known_round):
    test_round, lines = known_round
    rows = figures.line_figures(figures.test_calls_in(cast.province, test_round=test_round),
                                test_round.hotlines.all())
    whole = figures.total(rows)
    assert (whole.counts.made, whole.counts.answered) == (44, 26)
    assert whole.counts.connection_rate == 26 / 44
    assert whole.counts.mean_seconds == (19 * 10 + 5 * 20 + 2 * 40) / 26
    assert whole.bands == {Band.HOT: 1, Band.WARM: 1, Band.COLD: 1, Band.DEAD: 1,
                           Band.UNTESTED: 2}

    areas = {area.key: area for area in figures.by_division(rows, Region.objects.get(code=CITY))}
    assert (areas[OWNER_COUNTY].counts.made, areas[OWNER_COUNTY].counts.answered) == (30, 24)
    assert (areas[NEIGHBOUR_COUNTY].counts.made, areas[NEIGHBOUR_COUNTY].counts.answered) == (
        14, 2)
    assert areas[CITY].lines == 2 and areas[CITY].region is None  # the city's own lines

    ranking = [row.hotline.number for row in figures.ranked(rows)]
    assert ranking[:4] == [lines[name].number for name in ("hot", "warm", "cold", "dead")]
    assert [row.rank for row in figures.ranked(rows)] == [1, 2, 3, 4, None, None]

    coverage = figures.round_coverage(cast.province, test_round)
    assert (coverage.lines, coverage.lines_called, coverage.calls_outside_hours) == (6, 4, 5)
    assert coverage.coverage == 4 / 6


def test_a_county_sees_the_figures_of_its_own_lines_only(cast, known_round):
    test_round, _lines = known_round
    rows = figures.line_figures(figures.test_calls_in(cast.owner, test_round=test_round),
                                test_round.hotlines.all())
    assert sum(row.counts.made for row in rows) == 30
    assert figures.round_coverage(cast.neighbour, test_round).lines == 2


def test_a_call_becomes_an_appeal_of_channel_hotline_in_one_step(cast):
    hotline = line(cast, OWNER_COUNTY, "0531-81110001")
    call = services.call_record(
        actor=cast.owner, hotline=hotline, enterprise=cast.enterprise, at=LATER,
        problem=Problem(Category.objects.get(code="labour"), "招工难", "节后用工紧张"),
        data={"received_at": WEDNESDAY, "topic": "用工", "summary": "反映招工难",
              "outcome": "answered"})
    assert (call.outcome, call.appeal.channel, call.appeal.enterprise) == (
        "appeal", Channel.HOTLINE, cast.enterprise)


# --- bad input: refused with a message, nothing written ---------------------------------------

def _nothing_written(lines_before: int = 0):
    assert Hotline.objects.count() == lines_before
    assert not TestCall.objects.exists() and not Call.objects.exists()


@pytest.mark.parametrize("number", ["热线电话", "0531-8606-abcd", "12", "0531——86061234", ""])
def test_a_phone_number_that_is_not_a_number_is_refused(cast, number):
    with pytest.raises(ValidationError) as refused:
        line(cast, OWNER_COUNTY, number)
    assert "number" in refused.value.message_dict
    _nothing_written()
    assert not Event.objects.filter(verb__startswith="hotline.").exists()


@pytest.mark.parametrize("number", ["0531-86061234", "(0531) 8606 1234", "12345",
                                    "+86 531 86061234", "400-600-1234"])
def test_numbers_as_offices_publish_them_are_taken(cast, number):
    assert line(cast, OWNER_COUNTY, number).number == number


@pytest.mark.parametrize("score", [0, 6, -1])
def test_a_score_outside_one_to_five_is_refused(cast, score):
    hotline = line(cast, OWNER_COUNTY, "0531-81110001")
    with pytest.raises(ValidationError) as refused:
        services.test_call_record(
            actor=cast.province, hotline=hotline, at=LATER,
            data={"called_at": WEDNESDAY, "answered": True, "seconds_to_answer": 5,
                  "courtesy": score, "knowledge": 3, "ownership": 3, "accuracy": 3})
    assert refused.value.message_dict["courtesy"]
    _nothing_written(lines_before=1)


def test_an_answered_test_call_needs_its_seconds_and_scores_and_no_future(cast):
    hotline = line(cast, OWNER_COUNTY, "0531-81110001")
    with pytest.raises(ValidationError) as refused:
        services.test_call_record(actor=cast.province, hotline=hotline, at=LATER,
                                  data={"called_at": WEDNESDAY, "answered": True})
    assert set(refused.value.message_dict) == {"seconds_to_answer", "courtesy", "knowledge",
                                               "ownership", "accuracy"}
    with pytest.raises(ValidationError):
        services.test_call_record(actor=cast.province, hotline=hotline, at=WEDNESDAY,
                                  data={"called_at": LATER, "answered": False})
    _nothing_written(lines_before=1)


def test_hours_that_close_before_they_open_or_overlap_are_refused(cast):
    with pytest.raises(ValidationError):
        line(cast, OWNER_COUNTY, "0531-81110001",
             hours=[services.Hours(0, datetime.time(17), datetime.time(9))])
    with pytest.raises(ValidationError):
        line(cast, OWNER_COUNTY, "0531-81110001",
             hours=[services.Hours(0, datetime.time(9), datetime.time(12)),
                    services.Hours(0, datetime.time(11), datetime.time(17))])
    assert not OpeningHours.objects.exists()
    _nothing_written()


def test_a_round_takes_only_lines_of_its_office_and_a_county_cannot_test_anothers_line(cast):
    weifang = line(cast, "370702", "0536-81110001")
    with pytest.raises(ValidationError):
        services.round_create(
            actor=cast.city, office=f.office_at(CITY), hotlines=[weifang], at=LATER,
            data={"name": "拨测", "starts_on": datetime.date(2026, 4, 1),
                  "ends_on": datetime.date(2026, 4, 30)})
    from qinshang.appeals.workflow import TransitionRefused
    with pytest.raises(TransitionRefused):
        services.test_call_record(actor=cast.owner, hotline=weifang, at=LATER,
                                  data={"called_at": WEDNESDAY, "answered": False})
    assert not TestCall.objects.exists()
