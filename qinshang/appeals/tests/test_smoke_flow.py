import datetime
from zoneinfo import ZoneInfo

import pytest

from qinshang.appeals import services
from qinshang.appeals.models import Category, Outcome, State
from qinshang.testing import factories as f

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_an_appeal_goes_from_intake_to_close(cast):
    at = datetime.datetime(2025, 9, 25, 10, 0, tzinfo=TZ)
    appeal = services.appeal_register(actor=cast.portal, enterprise=cast.enterprise, data={
        "kind": "request", "channel": "portal", "category": Category.objects.get(code="land"),
        "title": "厂房用地", "description": "厂房用地审批迟迟未办理"}, at=at)
    assert appeal.state == State.REGISTERED
    appeal = services.appeal_assess(actor=cast.owner, appeal=appeal, category=appeal.category,
                                    priority="normal", plan="协调自然资源局", at=at)
    department = cast.department.memberships.get().department
    appeal = services.appeal_assign(actor=cast.owner, appeal=appeal, lead=department, at=at)
    appeal = services.appeal_accept(actor=cast.department, appeal=appeal, at=at)
    appeal = services.appeal_answer(actor=cast.department, appeal=appeal,
                                    outcome=Outcome.RESOLVED, reply="已办理",
                                    at=at + datetime.timedelta(days=14))
    assert appeal.handling_days == 5  # 9/26, 9/28 (调休 Sunday), 9/29, 9/30, 10/9
    appeal = services.appeal_rate(actor=cast.portal, appeal=appeal, rating=5)
    appeal = services.appeal_close(actor=cast.owner, appeal=appeal)
    assert appeal.state == State.CLOSED
    assert f  # factories importable
