"""The policy library as an xlsx workbook (qinshang.core.spreadsheets)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from qinshang.core.spreadsheets import Column, workbook_response, write_table
from qinshang.policies.models import Policy

CHUNK = 2000


def _joined(values) -> str:
    return pgettext("between list items", ", ").join(str(value) for value in values)


def _columns() -> list[Column]:
    return [
        (_("Title"), lambda p: p.title),
        (_("Issuing body"), lambda p: p.issuer),
        (pgettext("policy", "Document number"), lambda p: p.document_number),
        (_("Date issued"), lambda p: p.issued_on),
        (_("Valid from"), lambda p: p.valid_from),
        (_("Valid until"), lambda p: p.valid_until),
        (_("Topics"), lambda p: _joined(row.get_topic_display() for row in p.topics.all())),
        (_("Industries"), lambda p: _joined(row.industry for row in p.industries.all())),
        (_("Enterprise tags"), lambda p: _joined(tag.name for tag in p.tags.all())),
        (_("Office"), lambda p: p.office.name),
        (_("Summary"), lambda p: p.summary),
    ]


def policies_workbook_response(policies: QuerySet[Policy]) -> FileResponse:
    return workbook_response(
        lambda handle: write_table(handle, _("Policies"), _columns(),
                                   policies.iterator(chunk_size=CHUNK)),
        "policies.xlsx")
