"""The downloadable template of an import."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from qinshang.imports.importers.base import Importer
from qinshang.imports.models import ImportKind


def write_template(handle, importer: Importer) -> None:
    """The template: a sheet with the header to fill in, and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    columns = importer.template_columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(ImportKind(importer.kind).label)[:31])
    for position, column in enumerate(columns):
        sheet.column_dimensions[get_column_letter(position + 1)].width = max(
            12, 2 * len(column.title) + 4)
    sheet.append([_bold(WriteOnlyCell(sheet, value=column.title), Font) for column in columns])
    notes = workbook.create_sheet(_("Columns")[:31])
    for letter, width in zip("ABCD", (22, 10, 70, 26), strict=True):
        notes.column_dimensions[letter].width = width
    notes.append([_bold(WriteOnlyCell(notes, value=str(title)), Font) for title in (
        _("Column"), _("Required"), _("What to write"), _("Example"))])
    for column in columns:
        notes.append([column.title, _("yes") if column.required else _("no"),
                      str(column.explanation), column.example])
    workbook.save(handle)


def _bold(cell, font_class):
    cell.font = font_class(bold=True)
    return cell
