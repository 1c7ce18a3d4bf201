"""The cast with its campaign (a launched Jinan service month, 2026-06-01..30), files written the
way Excel writes them, and enterprises in bulk for the larger files."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from openpyxl import Workbook

from qinshang.enterprises.models import Enterprise
from qinshang.imports.models import ImportJob
from qinshang.imports.services import import_job_create, import_job_run
from qinshang.testing.cast import build_campaign_cast, build_cast
from qinshang.testing.factories import credit_code
from qinshang.text import fold, spaced

TZ = ZoneInfo("Asia/Shanghai")
# The imports are run as of the end of the campaign: its days are past, the calendar has the
# year, and the appeals' deadlines stay in 2026.
AT = datetime.datetime(2026, 6, 30, 18, 0, tzinfo=TZ)
VISIT_HEADER = ["统一社会信用代码", "走访日期", "走访方式", "走访人员", "走访台商人数",
                "见到的台商", "情况摘要"]


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English, the msgids: the catalogues are filled in later."""
    with translation.override("en"):
        yield


@pytest.fixture
def english_client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def cast(divisions):
    members = build_cast()
    members.campaigns = build_campaign_cast(members)
    return members


def csv_bytes(rows: Sequence[Sequence], encoding: str = "utf-8") -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("走访")
    for row in rows:
        sheet.append(list(row))
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def write_file(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


class Upload(io.BytesIO):
    """An uploaded file as the services receive it."""

    def __init__(self, name: str, content: bytes) -> None:
        super().__init__(content)
        self.name = name
        self.size = len(content)


def run_import(*, actor, kind: str, name: str, content: bytes, campaign, survey=None,
               at: datetime.datetime = AT) -> ImportJob:
    from django.core.files import File

    job = import_job_create(actor=actor, kind=kind, campaign=campaign, survey=survey,
                            upload=File(io.BytesIO(content), name=name), language="en", at=at)
    return import_job_run(job=job, at=at)


def enterprises_in(region_code: str, count: int, first_serial: int = 500_000) -> list[Enterprise]:
    """Many enterprises at once (the factory would save them one by one)."""
    rows = []
    for serial in range(first_serial, first_serial + count):
        name = f"济南台资企业{serial}有限公司"
        code = credit_code(region_code, serial)
        rows.append(Enterprise(name=name, credit_code=code, region_id=region_code,
                               industry="39", search_text=spaced(fold(f"{name} {code}"))))
    return Enterprise.objects.bulk_create(rows, batch_size=1000)


def visit_row(enterprise, day: str = "2026-06-12", method: str = "实地", staff: str = "owner",
              people: object = 1, persons: str = "", summary: str = "走访座谈") -> list:
    return [enterprise.credit_code, day, method, staff, people, persons, summary]
