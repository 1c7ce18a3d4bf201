"""Reading an uploaded spreadsheet: xlsx or csv, told apart by their content, never by their
name. A csv is read as Excel on a Chinese Windows writes it (GB18030), or as UTF-8 with or
without a byte order mark (or UTF-16 with one: Excel's "Unicode text").

The reader knows nothing of columns: it hands back the header (row 1) and the data rows with
their row numbers as Excel shows them, blank rows left out. It refuses, with a message for the
user, a file that is not a spreadsheet, an empty one, one with a header only, and one with more
than MAX_ROWS data rows; rows past the limit are never read."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

MAX_ROWS = 100_000
MAX_BYTES = 20 * 1024 * 1024
PROGRESS_EVERY = 5_000

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected Office file
# Files people rename by mistake; anything else binary is caught by its control characters.
NOT_SPREADSHEETS = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!",
                    b"7z\xbc\xaf")
# C0 control characters that no csv holds (tab, line feed and carriage return are fine).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Row = tuple[int, tuple[Any, ...]]


class FileRefused(Exception):
    """The whole file is refused; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    header: list[str]
    rows: list[Row]  # (row number as Excel shows it, cell values)


def not_a_spreadsheet() -> FileRefused:
    return FileRefused(_("This file is not an xlsx or csv spreadsheet."))


def too_many_rows() -> FileRefused:
    return FileRefused(_("The file has more than %(limit)s data rows, the most one import "
                          "takes. Split it into several files.")
                        % {"limit": f"{MAX_ROWS:,}"})


def sniff(head: bytes) -> str:
    """``xlsx`` or ``csv`` from the first bytes of a file, or FileRefused."""
    if not head:
        raise FileRefused(_("The file is empty."))
    if head.startswith(ZIP):
        return "xlsx"
    if head.startswith(OLE):
        raise FileRefused(_("This file is not an xlsx or csv spreadsheet: it looks like an old "
                             "Excel workbook (.xls) or a password-protected one. Open it in "
                             "Excel and save it as .xlsx without a password."))
    if head.startswith(NOT_SPREADSHEETS):
        raise not_a_spreadsheet()
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise not_a_spreadsheet()
    return "csv"


def _head(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(4096)


def quick_count(path: Path) -> int | None:
    """About how many data rows the file has, without reading them: a csv's line breaks, an
    xlsx's recorded dimension. None when the file does not say (or is not a spreadsheet)."""
    try:
        kind = sniff(_head(path))
    except FileRefused:
        return 0
    if kind == "csv":
        return max(0, Path(path).read_bytes().count(b"\n"))
    with _workbook(path) as workbook:
        rows = workbook.worksheets[0].max_row if workbook.worksheets else 0
    return None if rows is None else max(0, rows - 1)


def read_table(path: Path, on_progress: Callable[[int], None] | None = None) -> Table:
    """The header and the non-blank data rows of the first sheet, or FileRefused."""
    if Path(path).stat().st_size > MAX_BYTES:
        raise FileRefused(_("The file is larger than %(limit)d MB.")
                           % {"limit": MAX_BYTES // (1024 * 1024)})
    kind = sniff(_head(path))
    with closing(_xlsx_rows(path) if kind == "xlsx" else _csv_rows(path)) as rows:
        return _table(rows, on_progress)


def _blank(values: tuple[Any, ...]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip())
               for value in values)


def _table(rows: Iterator[tuple[Any, ...]],
           on_progress: Callable[[int], None] | None) -> Table:
    header_row = next(rows, None)
    data: list[Row] = []
    for number, values in enumerate(rows, start=2):
        if _blank(values):
            continue
        if len(data) == MAX_ROWS:
            raise too_many_rows()
        data.append((number, values))
        if on_progress is not None and len(data) % PROGRESS_EVERY == 0:
            on_progress(len(data))
    if header_row is None or (_blank(header_row) and not data):
        raise FileRefused(_("The file is empty."))
    if _blank(header_row):
        raise FileRefused(_("Row 1 must hold the column titles, as in the template; it is "
                             "empty."))
    if not data:
        raise FileRefused(_("The file has only the header row and no data rows."))
    header = ["" if value is None else str(value).strip() for value in header_row]
    while header and not header[-1]:
        header.pop()
    return Table(header=header, rows=data)


# --- xlsx ---------------------------------------------------------------------------------------

@contextmanager
def _workbook(path: Path):
    from openpyxl import load_workbook

    with open(path, "rb") as handle:
        try:
            # A file object, not the name: openpyxl would judge the file by its suffix.
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a zip that is no workbook
            raise not_a_spreadsheet() from None
        try:
            yield workbook
        finally:
            workbook.close()


def _xlsx_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    with _workbook(path) as workbook:
        if not workbook.worksheets:
            raise not_a_spreadsheet()
        sheet = workbook.worksheets[0]
        # The recorded dimension can be wrong (some programs write "A1"): read every row.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception:  # a damaged sheet inside a good package
                raise not_a_spreadsheet() from None
            yield values


# --- csv ----------------------------------------------------------------------------------------

def decode_text(raw: bytes) -> str:
    """The text of a csv in the encodings Excel writes, or FileRefused."""
    if raw.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        # Valid UTF-8 is almost never valid GB18030 text by accident, so UTF-8 goes first.
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL.search(text):
            break
        return text
    raise not_a_spreadsheet()


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return "\t" if "\t" in first_line and "," not in first_line else ","


def _csv_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    text = decode_text(Path(path).read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for record in reader:
            yield tuple(record)
    except csv.Error:
        raise FileRefused(_("Row %(row)d cannot be read as csv: check its quotation marks.")
                           % {"row": reader.line_num}) from None
