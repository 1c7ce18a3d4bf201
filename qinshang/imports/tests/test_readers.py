"""Reading a spreadsheet: told apart by content, in the encodings Excel writes, with clear
refusals for everything that is not a usable spreadsheet."""

from __future__ import annotations

import io
import zipfile

import pytest

from qinshang.imports.readers import MAX_ROWS, FileRefused, quick_count, read_table

from .conftest import csv_bytes, write_file, xlsx_bytes

HEADER = ["统一社会信用代码", "企业名称"]
ROW = ["91370102000000001X", "济南鲁台精密机械有限公司"]
NOT_A_SPREADSHEET = "This file is not an xlsx or csv spreadsheet."


def refusal(path) -> str:
    with pytest.raises(FileRefused) as refused:
        read_table(path)
    return refused.value.message


def a_zip_that_is_not_a_workbook() -> bytes:
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return handle.getvalue()


@pytest.mark.parametrize(("name", "content"), [
    ("名单.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
    ("名单.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
    ("名单.xlsx", a_zip_that_is_not_a_workbook()),
    ("名单.csv", bytes(range(256)) * 16),
    ("名单.xlsx", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
])
def test_a_file_that_is_not_a_spreadsheet_is_refused_whatever_its_name(tmp_path, name, content):
    assert refusal(write_file(tmp_path, name, content)) == NOT_A_SPREADSHEET


def test_an_old_xls_workbook_is_told_to_be_saved_as_xlsx(tmp_path):
    path = write_file(tmp_path, "名单.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert "save it as .xlsx" in refusal(path)


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", b"\xef\xbb\xbf", xlsx_bytes([])])
def test_an_empty_file_is_refused(tmp_path, content):
    assert refusal(write_file(tmp_path, "空.csv", content)) == "The file is empty."


@pytest.mark.parametrize("content", [csv_bytes([HEADER, ["", ""]]), xlsx_bytes([HEADER])])
def test_a_header_without_data_rows_is_refused(tmp_path, content):
    assert refusal(write_file(tmp_path, "名单", content)) == (
        "The file has only the header row and no data rows.")


def test_an_empty_first_row_is_refused(tmp_path):
    path = write_file(tmp_path, "名单.xlsx", xlsx_bytes([[None, None], HEADER, ROW]))
    assert "Row 1 must hold the column titles" in refusal(path)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8", "utf-16"])
def test_csv_is_read_in_the_encodings_excel_writes(tmp_path, encoding):
    path = write_file(tmp_path, "名单.csv", csv_bytes([HEADER, ROW], encoding))
    table = read_table(path)
    assert table.header == HEADER
    assert table.rows == [(2, tuple(ROW))]


def test_xlsx_and_csv_name_rows_as_excel_does_and_skip_blank_ones(tmp_path):
    rows = [HEADER, ROW, [None, None], ["", "  "], ROW]
    for name, content in (("a.xlsx", xlsx_bytes(rows)), ("a.csv", csv_bytes(rows))):
        table = read_table(write_file(tmp_path, name, content))
        assert [number for number, _values in table.rows] == [2, 5], name


def test_a_file_larger_than_the_limit_is_refused(tmp_path, settings):
    path = write_file(tmp_path, "大.csv", b"a,b\r\n" + b"1,2\r\n" * (4 * 1024 * 1024 + 1))
    assert refusal(path) == "The file is larger than 20 MB."


def big_csv(rows: int) -> bytes:
    line = "91370102000000001X,济南鲁台精密机械有限公司\r\n".encode()
    return "统一社会信用代码,企业名称\r\n".encode() + line * rows


def test_100000_rows_are_read_and_one_more_is_refused_naming_the_limit(tmp_path):
    exactly = write_file(tmp_path, "十万.csv", big_csv(MAX_ROWS))
    assert len(read_table(exactly).rows) == MAX_ROWS
    assert quick_count(exactly) == MAX_ROWS + 1  # line breaks, header included: an estimate

    message = refusal(write_file(tmp_path, "十万零一.csv", big_csv(MAX_ROWS + 1)))
    assert "more than 100,000 data rows" in message

