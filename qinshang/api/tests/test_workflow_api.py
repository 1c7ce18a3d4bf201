"""An appeal taken through the whole workflow by programs, each actor with their own token:
registered and assessed by the county, assigned to the city's commerce bureau, accepted and
answered by its liaison, rated by phone and closed by the county (DESIGN.md §4). And the
refusals on the way: a stale version (409), a transition the state does not allow (403), a rule
of the service (400), each writing nothing."""

from __future__ import annotations

import pytest

from qinshang.appeals.models import Appeal, State
from qinshang.events.models import Event

pytestmark = pytest.mark.django_db


def _register(owner, cast) -> dict:
    answer = owner.post("/appeals", {
        "enterprise_id": cast.enterprise.pk, "kind": "request", "channel": "hotline",
        "category": "logistics", "priority": "normal", "title": "厂区道路维修需要协调",
        "description": "厂区门前道路破损，货车进出困难。", "contact_phone": "13800001111"})
    assert answer.status_code == 201, answer.content
    return answer.json()


def _act(client, appeal_id: int, action: str, body: dict | None = None) -> dict:
    answer = client.post(f"/appeals/{appeal_id}/{action}", body or {})
    assert answer.status_code == 200, (action, answer.content)
    return answer.json()


def test_an_appeal_from_intake_to_close(api, cast, next_year_calendar):
    owner, liaison = api("owner"), api("department")
    department_id = cast.department.memberships.get().department_id
    # registered by the county's officer
    created = _register(owner, cast)
    appeal_id = created["id"]
    assert created["state"] == State.REGISTERED and created["channel"] == "hotline"
    assert {"contact", "assess", "reject"} <= set(created["actions"])
    # 研判 and 交办
    assessed = _act(owner, appeal_id, "assess", {
        "category": "logistics", "priority": "complex", "plan": "协调交通局、商务局现场办公",
        "version": created["version"]})
    assert assessed["state"] == State.ASSESSED
    assigned = _act(owner, appeal_id, "assign", {"lead": department_id,
                                                  "version": assessed["version"]})
    assert assigned["state"] == State.ASSIGNED
    # the department sees it, accepts and answers
    detail = liaison.get(f"/appeals/{appeal_id}").json()
    assert detail["assignments"][0]["department"]["id"] == department_id
    assert "accept" in detail["actions"]
    assert _act(liaison, appeal_id, "accept")["state"] == State.IN_PROGRESS
    _act(liaison, appeal_id, "note", {"text": "已与交通局现场踏勘"})
    answered = _act(liaison, appeal_id, "answer", {"outcome": "resolved",
                                                   "reply": "道路已列入本月维修计划。"})
    assert answered["state"] == State.ANSWERED
    # 回访 by phone and 办结 by the county
    assert _act(owner, appeal_id, "rate", {"rating": 5, "comment": "非常满意"})["state"] \
        == State.RATED
    closed = _act(owner, appeal_id, "close")
    assert closed["state"] == State.CLOSED
    # the appeal as stored, with one event for each step
    appeal = Appeal.objects.get(pk=appeal_id)
    assert (appeal.state, appeal.outcome, appeal.rating) == (State.CLOSED, "resolved", 5)
    verbs = list(Event.objects.filter(target_id=str(appeal_id), verb__startswith="appeal.")
                 .order_by("id").values_list("verb", flat=True))
    assert verbs == ["appeal.registered", "appeal.assessed", "appeal.assigned",
                     "appeal.accepted", "appeal.noted", "appeal.answered", "appeal.rated",
                     "appeal.closed"]
    final = owner.get(f"/appeals/{appeal_id}").json()
    assert final["state"] == State.CLOSED and final["actions"] == []
    assert final["reply"] == "道路已列入本月维修计划。" and final["handling_days"] is not None


def test_a_stale_version_is_409_and_writes_nothing(api, cast, next_year_calendar):
    owner = api("owner", "en")
    created = _register(owner, cast)
    _act(owner, created["id"], "contact", {"note": "电话联系"})
    events = Event.objects.count()
    answer = owner.post(f"/appeals/{created['id']}/assess", {
        "category": "land", "priority": "normal", "plan": "x", "version": created["version"]})
    assert answer.status_code == 409
    assert answer.json()["code"] == "stale_version"
    assert Appeal.objects.get(pk=created["id"]).state == State.REGISTERED
    assert Event.objects.count() == events


def test_a_state_that_does_not_allow_the_action_is_403(api, cast, next_year_calendar):
    owner = api("owner", "en")
    created = _register(owner, cast)
    answer = owner.post(f"/appeals/{created['id']}/close", {})
    assert answer.status_code == 403
    body = answer.json()
    assert body["code"] == "transition_refused" and "close" in body["message"]
    assert Appeal.objects.get(pk=created["id"]).state == State.REGISTERED


def test_a_rule_of_the_service_is_400(api, cast, next_year_calendar):
    owner = api("owner", "en")
    created = _register(owner, cast)
    _act(owner, created["id"], "contact")
    events = Event.objects.count()
    answer = owner.post(f"/appeals/{created['id']}/contact", {})
    assert answer.status_code == 400
    assert answer.json() == {
        "code": "business_rule",
        "message": "The first contact with the appellant is already recorded.",
        "details": [{"field": "", "message":
                     "The first contact with the appellant is already recorded."}]}
    assert Event.objects.count() == events


def test_assigning_to_a_department_elsewhere_is_refused(api, cast, next_year_calendar):
    from qinshang.testing.factories import department_at

    owner = api("owner", "en")
    created = _register(owner, cast)
    assessed = _act(owner, created["id"], "assess",
                    {"category": "logistics", "priority": "normal", "plan": "交办"})
    weifang = department_at("370700")
    answer = owner.post(f"/appeals/{created['id']}/assign", {"lead": weifang.pk,
                                                             "version": assessed["version"]})
    assert answer.status_code == 422
    assert answer.json()["details"][0]["field"] == "lead"
    assert Appeal.objects.get(pk=created["id"]).state == State.ASSESSED


def test_a_department_cannot_close_or_reject(api, appeal_cast):
    liaison = api("department", "en")
    for action in ("reject", "close", "assess"):
        answer = liaison.post(f"/appeals/{appeal_cast.appeals.appeal.pk}/{action}",
                              {"reason": "x", "category": "land", "priority": "normal",
                               "plan": "x"})
        assert answer.status_code == 403, action
        assert answer.json()["code"] == "transition_refused"


def test_merge_into_an_appeal_out_of_sight_is_refused(api, appeal_cast):
    """The original must be an appeal the user can see: another county's is not found by the
    form (422), like a number that does not exist."""
    from qinshang.appeals import services
    from qinshang.appeals.models import Category

    foreign = services.appeal_register(
        actor=appeal_cast.neighbour, enterprise=appeal_cast.foreign_enterprise,
        data={"kind": "request", "channel": "visit",
              "category": Category.objects.get(code="financing"), "title": "续贷",
              "description": "希望协调银行续贷。"})
    answer = api("owner", "en").post(f"/appeals/{appeal_cast.appeals.appeal.pk}/merge",
                                     {"original": foreign.pk})
    assert answer.status_code == 422
    assert answer.json()["details"][0]["field"] == "original"
    assert Appeal.objects.get(pk=appeal_cast.appeals.appeal.pk).state == State.ASSIGNED
