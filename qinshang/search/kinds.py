"""What search looks through: one entry per kind of record, in the order results are shown.

Each kind's model declares ``SEARCH_FIELDS`` and keeps a folded ``search_text`` (written by its
services through ``qinshang.text.indexed_text``); this table says how a hit is shown and where it
links. Models are looked up lazily, so the apps can import ``qinshang.search`` freely.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db.models import Model
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Shown:
    """How one hit reads: a title, the text the snippet is cut from, a line of facts."""

    title: str
    text: str = ""
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchKind:
    key: str
    model_label: str
    label: Promise
    shown: Callable[[Model], Shown]
    url: Callable[[Model], str]
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = field(default=())

    @cached_property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _enterprise(enterprise) -> Shown:
    return Shown(enterprise.name, facts=tuple(filter(None, (
        enterprise.trade_name, enterprise.credit_code, enterprise.region.name))))


def _person(person) -> Shown:
    names = [affiliation.enterprise.name for affiliation in person.affiliations.all()]
    return Shown(person.name, facts=tuple(filter(None, (person.phone, *names[:2]))))


def _person_url(person) -> str:
    affiliations = list(person.affiliations.all())
    if affiliations:
        return reverse("enterprises:detail", args=[affiliations[0].enterprise_id]) \
            + f"#person-{person.pk}"
    return reverse("appeals:register_person", args=[person.pk])


def _appeal(appeal) -> Shown:
    return Shown(appeal.title, appeal.description,
                 (appeal.get_state_display(), _date(appeal.registered_at)))


def _visit(visit) -> Shown:
    return Shown(visit.enterprise.name, visit.summary,
                 (_date(visit.visited_on), visit.get_method_display()))


def _contact(contact) -> Shown:
    return Shown(str(contact.counterpart), f"{contact.content} {contact.outcome}".strip(),
                 (_date(contact.contacted_on), contact.get_method_display()))


def _project(project) -> Shown:
    return Shown(project.name, project.notes, (project.investor, _date(project.signed_on)))


def _policy(policy) -> Shown:
    return Shown(policy.title, policy.summary,
                 tuple(filter(None, (policy.document_number, policy.issuer,
                                     _date(policy.issued_on)))))


def _gathering(gathering) -> Shown:
    return Shown(gathering.title, gathering.summary,
                 tuple(filter(None, (gathering.get_kind_display(), gathering.place,
                                     _date(gathering.held_on)))))


def _donation(donation) -> Shown:
    return Shown(f"{donation.donor_name} → {donation.recipient}", donation.purpose,
                 (_date(donation.donated_on),))


def _detail(name: str) -> Callable[[Model], str]:
    return lambda record: reverse(name, args=[record.pk])


KINDS: tuple[SearchKind, ...] = (
    SearchKind("enterprise", "enterprises.Enterprise", _("Enterprises"), _enterprise,
               _detail("enterprises:detail"), related=("region",)),
    SearchKind("person", "enterprises.Person", _("Persons"), _person, _person_url,
               prefetch=("affiliations__enterprise",)),
    SearchKind("appeal", "appeals.Appeal", _("Appeals"), _appeal, _detail("appeals:detail")),
    SearchKind("visit", "campaigns.Visit", _("Visits"), _visit,
               _detail("campaigns:visit_detail"), related=("enterprise",)),
    SearchKind("contact", "liaison.Contact", _("Contacts"), _contact,
               _detail("liaison:contact_detail"),
               related=("enterprise", "person", "department")),
    SearchKind("project", "projects.Project", _("Projects"), _project,
               _detail("projects:detail")),
    SearchKind("policy", "policies.Policy", _("Policies"), _policy, _detail("policies:detail")),
    SearchKind("gathering", "gatherings.Gathering", _("Events"), _gathering,
               _detail("gatherings:detail")),
    SearchKind("donation", "donations.Donation", _("Donations"), _donation,
               _detail("donations:detail")),
)
BY_KEY: dict[str, SearchKind] = {kind.key: kind for kind in KINDS}


def searched_models() -> list[type[Model]]:
    return [kind.model for kind in KINDS]
