"""The upload form: the file's size and its first bytes are checked here, so that a picture or
a PDF is refused on the page at once; everything else is the import job's."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qinshang.imports.readers import MAX_BYTES, FileRefused, sniff


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (xlsx or csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
        error_messages={"empty": gettext_lazy("The file is empty.")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than %(limit)d MB.")
                                  % {"limit": MAX_BYTES // (1024 * 1024)})
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        try:
            sniff(head)
        except FileRefused as refusal:
            raise ValidationError(refusal.message) from None
        return upload
