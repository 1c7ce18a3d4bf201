"""Demo policy library and pushes (issue #6 point 8): the twenty policies of ``policy_texts``
entered by the province, Jinan, Lixia and Weifang offices, and their pushes (seed 004: the
防疫惠企 policy files pushed electronically to the Taiwan-invested enterprises in February and
March 2020; recent pushes in 2026).

- Every push goes through ``policy_push`` with its past time, so the deliveries are exactly the
  operating enterprises its criteria match in the pushing office's division.
- The demo creates one portal login only (``taishang``); the other enterprises' reading is
  simulated by marking a seeded share of their deliveries read (no reader named). The portal
  user's own enterprise reads the 2020 policies through ``delivery_open`` and has the 2026
  ones still unread in its inbox.
- One Jinan push sent twice by mistake is withdrawn.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qinshang.accounts.models import Membership, Role, User
from qinshang.demo import policy_texts as texts
from qinshang.demo.appeal_life import ZONE
from qinshang.enterprises.models import Enterprise, Tag
from qinshang.policies import services
from qinshang.policies.models import Delivery, Policy, PolicyPush
from qinshang.regions.models import Region

if TYPE_CHECKING:
    from qinshang.demo.generator import Generator

SEED = 20200220
OFFICERS = {"370000": "sheng", "370100": "jinan", "370102": "lixia", "370700": "weifang"}


@dataclass(frozen=True)
class PushPlan:
    policy: int                      # index in texts.POLICIES
    office: str                      # pushing office's division
    at: datetime.datetime
    read_share: float                # of the deliveries, simulated read
    industries: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=ZONE)


PUSHES = (
    # 2020: the province's 防疫惠企 files, then the cities' and Lixia's own.
    PushPlan(2, "370000", at(2020, 2, 8), 0.72),
    PushPlan(4, "370000", at(2020, 2, 16), 0.66),
    PushPlan(3, "370000", at(2020, 3, 1), 0.7),
    PushPlan(5, "370000", at(2020, 2, 22), 0.58, industries=texts.MANUFACTURING),
    PushPlan(6, "370000", at(2020, 3, 4), 0.64),
    PushPlan(7, "370000", at(2020, 2, 27), 0.61),
    PushPlan(10, "370100", at(2020, 2, 8, 15), 0.8),
    PushPlan(11, "370100", at(2020, 2, 19), 0.75),
    PushPlan(11, "370100", at(2020, 2, 19, 11), 0.0),      # sent twice: withdrawn
    PushPlan(15, "370102", at(2020, 2, 13), 0.9),
    PushPlan(17, "370700", at(2020, 2, 11), 0.7),
    PushPlan(18, "370700", at(2021, 3, 29), 0.5, industries=("13", "14", "15")),
    PushPlan(12, "370100", at(2020, 5, 18), 0.55),
    PushPlan(8, "370000", at(2021, 4, 15), 0.45),
    PushPlan(19, "370000", at(2022, 6, 8), 0.5),
    # 2026: still new to many, and unread by the demo portal user.
    PushPlan(9, "370000", at(2026, 3, 25), 0.4, tags=("高新技术企业",)),
    PushPlan(16, "370102", at(2026, 8, 10), 0.35),
    PushPlan(13, "370100", at(2026, 9, 20), 0.3),
    PushPlan(14, "370100", at(2026, 10, 25), 0.15),
)
WITHDRAWN = 8   # index in PUSHES
PORTAL_READS_BEFORE = datetime.datetime(2026, 1, 1, tzinfo=ZONE)


class PolicyDemo:
    def __init__(self, generator: Generator) -> None:
        self.generator = generator
        self.rng = random.Random(SEED)
        self.counts: Counter[str] = Counter()
        self.officers = {code: self._officer(code) for code in OFFICERS}
        self.tags = {tag.name: tag for tag in Tag.objects.all()}
        portal = (Membership.objects.filter(role=Role.PORTAL, enterprise__isnull=False)
                  .select_related("user").order_by("pk").first())
        self.portal_user: User | None = portal.user if portal else None
        self.portal_enterprise_id = portal.enterprise_id if portal else None

    def _officer(self, code: str) -> User:
        officers = self.generator.officers[code]
        return next((user for user in officers if user.username == OFFICERS[code]), officers[0])

    def run(self) -> Counter[str]:
        policies = [self.enter(text) for text in texts.POLICIES]
        self.counts["policies"] = len(policies)
        pushes = [self.push(plan, policies[plan.policy], n) for n, plan in enumerate(PUSHES)]
        services.push_withdraw(actor=self.officers["370100"], push=pushes[WITHDRAWN],
                               reason="重复推送，撤回", at=PUSHES[WITHDRAWN].at
                               + datetime.timedelta(hours=1))
        self.portal_reads()
        self.counts["policy pushes"] = len(pushes)
        self.counts["policy deliveries"] = Delivery.objects.count()
        self.counts["policy deliveries read"] = Delivery.objects.filter(
            read_at__isnull=False).count()
        return self.counts

    def enter(self, text: texts.PolicyText) -> Policy:
        officer = self.officers[text.office]
        issued = datetime.datetime.combine(text.issued_on, datetime.time(9), tzinfo=ZONE)
        return services.policy_create(
            actor=officer, office=self.generator.offices[text.office], at=issued,
            data={"title": text.title, "issuer": text.issuer, "document_number": text.number,
                  "issued_on": text.issued_on, "valid_from": text.issued_on,
                  "valid_until": text.valid_until, "summary": text.summary,
                  "full_text": texts.FULL_TEXT % {"summary": text.summary,
                                                  "issuer": text.issuer}},
            targeting=services.Targeting(
                topics=text.topics, industries=text.industries,
                tags=[self.tags[name] for name in text.tags if name in self.tags]))

    def push(self, plan: PushPlan, policy: Policy, number: int) -> PolicyPush:
        criteria = services.PushCriteria(
            regions=list(Region.objects.filter(code__in=plan.regions)),
            industries=plan.industries,
            tags=[self.tags[name] for name in plan.tags if name in self.tags])
        push = services.policy_push(
            actor=self.officers[plan.office], policy=policy, criteria=criteria,
            office=self.generator.offices[plan.office], at=plan.at,
            note=texts.NOTES[number % len(texts.NOTES)])
        self.simulate_reads(push, plan)
        return push

    def simulate_reads(self, push: PolicyPush, plan: PushPlan) -> None:
        """A seeded share of the deliveries read within the first days (three batches, so the
        times differ), the demo portal user's enterprise left to portal_reads."""
        ids = sorted(push.deliveries.exclude(enterprise_id=self.portal_enterprise_id)
                     .values_list("pk", flat=True))
        read = self.rng.sample(ids, round(len(ids) * plan.read_share))
        for day, batch in enumerate((read[0::3], read[1::3], read[2::3])):
            Delivery.objects.filter(pk__in=batch).update(
                read_at=plan.at + datetime.timedelta(days=day, hours=3 + day))

    def portal_reads(self) -> None:
        if self.portal_user is None:
            return
        older = (Delivery.objects.filter(enterprise_id=self.portal_enterprise_id,
                                         push__withdrawn_at__isnull=True,
                                         delivered_at__lt=PORTAL_READS_BEFORE)
                 .select_related("push__policy"))
        for delivery in older:
            services.delivery_open(actor=self.portal_user, delivery=delivery,
                                   at=delivery.delivered_at + datetime.timedelta(days=1))


def policies_generate(generator: Generator, enterprises: list[Enterprise]) -> Counter[str]:
    """Write the demo policy library and its pushes; returns counts to add to the demo's
    summary."""
    return PolicyDemo(generator).run()
