import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from qinshang.enterprises.models import Enterprise
from qinshang.policies import services
from qinshang.policies.models import Policy, Topic
from qinshang.testing import factories as f
from qinshang.testing.cast import CITY, OWNER_COUNTY, PROVINCE

TZ = ZoneInfo("Asia/Shanghai")
PUSHED_AT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
POLICY_TITLE = "关于进一步支持台资企业复工复产的若干措施"


def policy_data(**overrides) -> dict:
    return {"title": POLICY_TITLE, "issuer": "山东省人民政府办公厅",
            "document_number": "鲁政办字〔2020〕25号", "issued_on": datetime.date(2020, 2, 20),
            "valid_from": datetime.date(2020, 2, 20), "valid_until": None,
            "summary": "对受疫情影响的台资企业减免房租、缓缴社保、加大信贷支持。",
            "full_text": "一、减免房租……二、缓缴社会保险费……", **overrides}


def make_policy(actor, code: str = PROVINCE, targeting: services.Targeting | None = None,
                files=(), **overrides) -> Policy:
    return services.policy_create(
        actor=actor, office=f.office_at(code), data=policy_data(**overrides), files=files,
        targeting=targeting or services.Targeting(topics=[Topic.EPIDEMIC]), at=PUSHED_AT)


@dataclass
class Targets:
    """Besides the cast's two enterprises (历下区 and 市中区, industry 39): one tagged
    高新技术 in 历下区, one of another industry there, a closed one there, one in Weifang."""

    tagged: Enterprise
    other_industry: Enterprise
    closed: Enterprise
    weifang: Enterprise


@pytest.fixture
def targets(cast) -> Targets:
    tagged = f.EnterpriseFactory(region_id=OWNER_COUNTY, name="历下高新台资科技有限公司")
    tagged.tags.add(f.tag("高新技术"))
    return Targets(
        tagged=tagged,
        other_industry=f.EnterpriseFactory(region_id=OWNER_COUNTY, industry="13",
                                           name="历下台资食品有限公司"),
        closed=f.EnterpriseFactory(region_id=OWNER_COUNTY, name="历下已注销台资企业",
                                   status=Enterprise.Status.CLOSED),
        weifang=f.EnterpriseFactory(region_id="370702", name="潍坊台资机械有限公司"))


@pytest.fixture
def policy(cast) -> Policy:
    return make_policy(cast.province)


__all__ = ["CITY", "OWNER_COUNTY"]
