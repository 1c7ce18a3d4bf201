"""The XML writer: the specification's element names, and text that can never break the
document, whatever was stored."""

from __future__ import annotations

from qinshang.open311.formats import to_xml
from qinshang.open311.tests.support import parse_xml


def test_lists_take_the_specifications_item_names():
    document = to_xml("service_requests", [{"service_request_id": "7", "lat": None,
                                            "metadata": True}])
    root = parse_xml(document)
    assert root.tag == "service_requests"
    assert [child.tag for child in root] == ["request"]
    assert root.findtext("request/service_request_id") == "7"
    assert root.find("request/lat").text is None
    assert root.findtext("request/metadata") == "true"


def test_markup_is_escaped_and_control_characters_left_out():
    text = "</description><evil/>&amp; <![CDATA[x]]> \x00\x07\x1b end \U0001f600 臺資"
    document = to_xml("errors", [{"code": 400, "description": text}])
    assert "<evil/>" not in document
    parsed = parse_xml(document).findtext("error/description")
    assert parsed == "</description><evil/>&amp; <![CDATA[x]]>  end \U0001f600 臺資"


def test_the_document_starts_with_the_utf8_declaration():
    assert to_xml("discovery", {"changeset": "2026-05-01 08:00"}).startswith(
        '<?xml version="1.0" encoding="utf-8"?>\n<discovery>')
