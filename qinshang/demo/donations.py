"""Demo donations (issue #6 point 8): the donations in money and in kind of early 2020 that seed
004 reports (彙集愛心，積極協助做好臺胞捐贈工作).

- The seed's own: 蓬萊信益陶瓷董事長林榮德向蓬萊市防疫指揮部捐贈防護衣1490件，護目鏡1500個，
  鞋套1500雙，總價值約18.7萬元. 蓬莱市 became 烟台市蓬莱区 (370614) in 2020; the donation is filed
  there, the recipient named as it was then. The item values add up to exactly 187,000.00 yuan.
- About thirty more across the Shandong demo offices: enterprises (money, food, masks …), the
  Taiwan business associations the seed names (济南市、青岛市、济宁市等台协会) and compatriots,
  to the epidemic command posts, Red Cross societies and hospitals of their divisions.

Everything goes through ``qinshang.donations.services`` with past times; the enterprise and
its chairman of the seed are added to the files as the generator adds enterprises.
"""

from __future__ import annotations

import datetime
import logging
import random
import time
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

from qinshang.demo.appeal_life import ZONE
from qinshang.donations.models import DonorKind
from qinshang.donations.services import DonationItemLine, donation_record
from qinshang.enterprises.models import Affiliation, Enterprise, Person
from qinshang.regions.models import TAIWAN
from qinshang.text import fold, spaced

if TYPE_CHECKING:
    from qinshang.demo.generator import Generator

logger = logging.getLogger(__name__)

SEED = 20200301
PENGLAI = "370614"
SEED_ENTERPRISE = "蓬莱信益陶瓷有限公司"
SEED_CHAIRMAN = "林榮德"
SEED_RECIPIENT = "蓬莱市防疫指挥部"
SEED_DAY = datetime.date(2020, 2, 14)
# 1,490 suits at 95 yuan, 1,500 goggles at 25 yuan, 1,500 pairs of shoe covers at 5.30 yuan.
SEED_ITEMS = (
    DonationItemLine("防护衣", Decimal("1490"), "件", Decimal("141550.00")),
    DonationItemLine("护目镜", Decimal("1500"), "个", Decimal("37500.00")),
    DonationItemLine("鞋套", Decimal("1500"), "双", Decimal("7950.00")),
)
SEED_TOTAL = Decimal("187000.00")

FIRST_DAY, LAST_DAY = datetime.date(2020, 1, 26), datetime.date(2020, 3, 20)
ENTERPRISE_DONATIONS, PERSON_DONATIONS = 18, 6
# The associations of the seed, filed at their city offices, and what they gave.
ASSOCIATIONS = (
    ("370100", "济南市台商协会", Decimal("1000000"), "济南市慈善总会"),
    ("370200", "青岛市台商协会", Decimal("2000000"), "青岛市红十字会"),
    ("370800", "济宁市台商协会", Decimal("500000"), "济宁市红十字会"),
    ("370600", "烟台市台商协会", Decimal("300000"), "烟台市慈善总会"),
    ("370700", "潍坊市台属联谊会", Decimal("200000"), "潍坊市红十字会"),
    ("371300", "临沂市台属联谊会", Decimal("150000"), "临沂市慈善总会"),
)
# (name, unit, unit price in yuan, usual quantities)
GOODS = (
    ("医用口罩", "个", Decimal("2.50"), (5000, 10000, 20000, 50000)),
    ("N95口罩", "个", Decimal("18.00"), (1000, 2000, 5000)),
    ("医用防护服", "件", Decimal("95.00"), (200, 500, 1000)),
    ("84消毒液", "箱", Decimal("60.00"), (100, 200, 500)),
    ("方便面", "箱", Decimal("45.00"), (300, 500, 1000)),
    ("额温枪", "把", Decimal("260.00"), (50, 100, 200)),
    ("医用手套", "副", Decimal("1.20"), (5000, 10000)),
    ("饮料", "箱", Decimal("48.00"), (200, 500)),
)
MONEY = (Decimal("20000"), Decimal("50000"), Decimal("100000"), Decimal("200000"),
         Decimal("300000"), Decimal("500000"))
RECIPIENTS = ("{county}疫情防控指挥部", "{city}红十字会", "{city}慈善总会", "{city}人民医院")
PURPOSES = ("支援疫情防控", "慰问一线医护人员", "支持社区防控", "")


class DonationDemo:
    def __init__(self, generator: Generator, enterprises: list[Enterprise]) -> None:
        self.g = generator
        self.rng = random.Random(SEED)
        self.enterprises = [enterprise for enterprise in enterprises
                            if enterprise.region_id.startswith("37")
                            and enterprise.status == Enterprise.Status.OPERATING]
        self.counts: Counter[str] = Counter()

    def officer(self, code: str):
        """An officer of the county's office, or of its city's."""
        return (self.g.officers.get(code) or self.g.officers[self.g.city_of(code).code])[0]

    def office(self, code: str):
        return self.g.offices.get(code) or self.g.offices[self.g.city_of(code).code]

    def record(self, *, code: str, data: dict, items=(), day: datetime.date) -> None:
        recorded = datetime.datetime(day.year, day.month, day.day, 17, 0, tzinfo=ZONE) \
            + datetime.timedelta(days=1)
        donation_record(actor=self.officer(code), items=list(items), at=recorded,
                        data={"office": self.office(code), "donated_on": day, **data})
        self.counts["donations"] += 1
        self.counts["donation items"] += len(items)

    def day(self) -> datetime.date:
        return FIRST_DAY + datetime.timedelta(
            days=self.rng.randrange((LAST_DAY - FIRST_DAY).days + 1))

    def recipient(self, code: str) -> str:
        region, city = self.g.regions[code], self.g.city_of(code)
        pattern = self.rng.choice(RECIPIENTS)
        return pattern.format(county=region.name if region != city else city.name,
                              city=city.name)

    def goods(self) -> list[DonationItemLine]:
        lines = []
        for name, unit, price, quantities in self.rng.sample(GOODS, self.rng.choice((1, 2, 3))):
            quantity = Decimal(self.rng.choice(quantities))
            lines.append(DonationItemLine(name, quantity, unit, quantity * price))
        return lines

    # --- the seed's donation --------------------------------------------------------------

    def seed_donor(self) -> Person:
        used = set(Enterprise.objects.filter(region_id=PENGLAI)
                   .values_list("credit_code", flat=True))
        credit_code = self.g.credit_code(PENGLAI, used)
        enterprise = Enterprise.objects.create(
            name=SEED_ENTERPRISE, trade_name="信益陶瓷", credit_code=credit_code,
            region_id=PENGLAI, address=self.g.address(PENGLAI), industry="30", origin=TAIWAN,
            registered_capital=Decimal("3000"), total_investment=Decimal("5000"),
            employees=320, status=Enterprise.Status.OPERATING,
            liaison_officer=self.officer(PENGLAI),
            search_text=spaced(fold(f"{SEED_ENTERPRISE} 信益陶瓷 {credit_code}")))
        chairman = Person.objects.create(name=SEED_CHAIRMAN, origin=TAIWAN,
                                         phone=self.g.phone(), region_id=PENGLAI)
        Affiliation.objects.create(person=chairman, enterprise=enterprise,
                                   relation=Affiliation.Relation.CHAIRMAN)
        self.counts["enterprises"] += 1
        self.counts["persons"] += 1
        return chairman

    def seed_donation(self) -> None:
        chairman = self.seed_donor()
        self.record(code=PENGLAI, day=SEED_DAY, items=SEED_ITEMS, data={
            "donor_kind": DonorKind.PERSON, "person": chairman, "recipient": SEED_RECIPIENT,
            "money": Decimal("0"),
            "purpose": "蓬莱信益陶瓷董事长林荣德捐赠防疫物资，总价值约18.7万元"})

    # --- the others -----------------------------------------------------------------------

    def enterprise_donations(self) -> None:
        for enterprise in self.rng.sample(self.enterprises, ENTERPRISE_DONATIONS):
            draw = self.rng.random()
            money = self.rng.choice(MONEY) if draw < 0.7 else Decimal("0")
            items = self.goods() if draw > 0.4 or not money else []
            self.record(code=enterprise.region_id, day=self.day(), items=items, data={
                "donor_kind": DonorKind.ENTERPRISE, "enterprise": enterprise,
                "recipient": self.recipient(enterprise.region_id), "money": money,
                "purpose": self.rng.choice(PURPOSES)})

    def person_donations(self) -> None:
        persons = list(Person.objects.filter(region_id__gte="370000", region_id__lte="379999",
                                             origin=TAIWAN)
                       .exclude(name=SEED_CHAIRMAN).order_by("pk")[:400])
        for person in self.rng.sample(persons, PERSON_DONATIONS):
            money = Decimal(self.rng.choice((5000, 10000, 20000, 50000)))
            self.record(code=person.region_id, day=self.day(), data={
                "donor_kind": DonorKind.PERSON, "person": person,
                "recipient": self.recipient(person.region_id), "money": money,
                "purpose": self.rng.choice(PURPOSES)})

    def association_donations(self) -> None:
        for code, name, money, recipient in ASSOCIATIONS:
            self.record(code=code, day=self.day(), items=self.goods()[:1], data={
                "donor_kind": DonorKind.ASSOCIATION, "donor_name": name,
                "recipient": recipient, "money": money, "purpose": "台胞台商同心抗疫"})

    def run(self) -> dict[str, int]:
        started = time.perf_counter()
        self.seed_donation()
        self.enterprise_donations()
        self.person_donations()
        self.association_donations()
        logger.debug("demo donations: %s in %.1f s", dict(self.counts),
                    time.perf_counter() - started)
        return dict(self.counts)


def donations_generate(generator: Generator, enterprises: list[Enterprise]) -> dict[str, int]:
    return DonationDemo(generator, enterprises).run()
