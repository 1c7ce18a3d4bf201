"""A draft campaign's target list: one row per enterprise; the file replaces the list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qinshang.imports.importers.base import (
    CREDIT_CODE,
    Column,
    Found,
    Importer,
    cell_text,
    title_key,
)
from qinshang.imports.models import ImportKind
from qinshang.imports.readers import FileRefused, Row


@dataclass
class TargetRecord:
    row: int
    enterprise: Found


class TargetImporter(Importer):
    kind = ImportKind.TARGETS
    columns = (
        CREDIT_CODE,
        Column("name", "企业名称",
               gettext_lazy("Optional: the enterprise's name, checked against the file."),
               required=False, aliases=("name", "enterprise", "enterprise name"),
               example="济南鲁台精密机械有限公司"),
    )

    def check_ready(self) -> None:
        if not self.campaign.is_draft:
            raise FileRefused(_("The target list was frozen when the campaign was launched."))

    def check_rows(self, rows: Sequence[Row]) -> None:
        found = self.enterprises_of(rows)
        for row, values in rows:
            enterprise = self.enterprise(row, values, found, write=False)
            if enterprise is None:
                continue
            first = self.duplicate(row, enterprise.pk)
            if first is not None:
                self.problem(row, "credit_code", values,
                             _("This enterprise is already in row %(row)d.") % {"row": first})
                continue
            name = cell_text(self.value(values, "name"))
            if name and title_key(name) not in (title_key(enterprise.name),
                                                title_key(enterprise.trade_name)):
                self.problem(row, "name", values,
                             _("The enterprise with this credit code is called %(name)s.")
                             % {"name": enterprise.name})
                continue
            self.records.append(TargetRecord(row, enterprise))
