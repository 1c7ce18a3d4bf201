"""Attachments are checked by what they are, not by what they are called: the extension must be
one we accept and the first bytes must match it, so a renamed program is refused."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # the pre-2007 Office container

SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": ZIP,
    "xlsx": ZIP,
    "doc": OLE,
    "xls": OLE,
    "txt": None,  # plain text has no signature; it must decode as UTF-8 or GB18030
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "txt": "text/plain; charset=utf-8",
}


MAX_FILES = 10


def accepted_types() -> str:
    return ", ".join(sorted(SIGNATURES))


def max_megabytes() -> int:
    return settings.QINSHANG_UPLOAD_MAX_BYTES // (1024 * 1024)


def checked_upload(upload) -> tuple[str, str, int]:
    """(display name, extension, size) of an acceptable upload; ValidationError otherwise."""
    name = PurePath(upload.name or "").name[:200] or "file"
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in SIGNATURES:
        raise ValidationError({"files": _("“%(name)s” is not a file type we accept. Accepted "
                                          "types: %(types)s.")
                               % {"name": name, "types": accepted_types()}})
    if upload.size > settings.QINSHANG_UPLOAD_MAX_BYTES:
        raise ValidationError({"files": _("“%(name)s” is larger than %(limit)s MB.")
                               % {"name": name, "limit": max_megabytes()}})
    if upload.size == 0 or not _content_matches(upload, extension):
        raise ValidationError({"files": _("“%(name)s” is empty or its content does not match "
                                          "its type.") % {"name": name}})
    return name, extension, upload.size


def _content_matches(upload, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    signatures = SIGNATURES[extension]
    if signatures is None:
        return _is_text(head)
    return any(head.startswith(signature) for signature in signatures)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # The 4 KB cut may split a character; only the last few bytes may be incomplete.
            head.decode(encoding) if len(head) < 4096 else head[:-4].decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


# --- the form field and the download, for the staff pages and the portal ---------------------

class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files (up to MAX_FILES), each checked by its content and its size, so that
    a form reports every bad file before a service stores any."""

    widget = MultipleFileInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Attachments"))
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list:
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data])
                   if upload]
        if len(uploads) > MAX_FILES:
            raise ValidationError(_("Attach at most %(count)s files at once.")
                                  % {"count": MAX_FILES})
        messages: list[str] = []
        for upload in uploads:
            try:
                checked_upload(upload)
            except ValidationError as error:
                messages.extend(error.messages)
        if messages:
            raise ValidationError(messages)
        return uploads


def attachments_help() -> str:
    """Read when a form is made, so that it is in the reader's language and the current
    limit."""
    return _("Optional. Accepted types: %(types)s; at most %(limit)s MB each, %(count)s files "
             "at most.") % {"types": accepted_types(), "limit": max_megabytes(),
                            "count": MAX_FILES}


def attachment_response(appeal, attachment_pk: int) -> FileResponse:
    """One of this appeal's files as a download (404 for another appeal's file, or a file
    missing from the disk). The appeal must already have been fetched through access."""
    attachment = next((a for a in appeal.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name,
                            content_type=CONTENT_TYPES.get(attachment.extension,
                                                           "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    return response
