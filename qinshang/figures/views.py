"""Placeholder: being built."""

from django.http import Http404


def appeal_dashboard(request, **kwargs):
    raise Http404


def appeal_figures_export(request, **kwargs):
    raise Http404

