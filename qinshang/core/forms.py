"""What every form page shares."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: beside the field it names, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def form_status(form: forms.BaseForm) -> int:
    """400 for a submitted form with errors, so that a refusal is never mistaken for success."""
    return 400 if form.is_bound and form.errors else 200


def query_without_page(request: HttpRequest) -> str:
    """The list's filters, for the pager's links to carry."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
