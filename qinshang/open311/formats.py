"""GeoReport v2 documents as JSON or XML (the format is the suffix of the URL), and its error
format. XML is built with ElementTree, which escapes markup; characters XML 1.0 cannot carry at
all (control characters) are left out, so that no stored text can break the document."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree

from django.http import HttpResponse

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element of each item of a list, by the list's element (the specification's names).
ITEMS = {"services": "service", "attributes": "attribute", "values": "value",
         "endpoints": "endpoint", "formats": "format", "service_requests": "request",
         "errors": "error"}
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))


def _element(parent: ElementTree.Element | None, name: str, value: Any) -> ElementTree.Element:
    element = (ElementTree.Element(name) if parent is None
               else ElementTree.SubElement(parent, name))
    if isinstance(value, dict):
        for key, item in value.items():
            _element(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _element(element, ITEMS[name], item)
    else:
        element.text = _text(value)
    return element


def to_xml(root: str, document: Any) -> str:
    return DECLARATION + ElementTree.tostring(_element(None, root, document), encoding="unicode")


def respond(format: str, root: str, document: Any, status: int = 200) -> HttpResponse:
    """``root`` names the XML document element; JSON is the document itself (Spark
    convention: the root element is dropped)."""
    body = (to_xml(root, document) if format == "xml"
            else json.dumps(document, ensure_ascii=False))
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[format])


def errors(format: str, status: int, descriptions: list[str]) -> HttpResponse:
    return respond(format, "errors", [{"code": status, "description": description}
                                      for description in descriptions], status=status)
