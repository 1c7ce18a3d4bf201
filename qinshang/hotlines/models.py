"""The service hotlines (台胞台企服务热线), the calls they take and the test calls (拨测) that
check them (DESIGN.md §2)."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

_PHONE_CHARACTERS = re.compile(r"^\+?[0-9(][0-9 ()\-]*$")


def validate_phone_number(value: str) -> None:
    """A number as offices publish it: digits with an optional area code, hyphens, spaces or
    brackets (0531-86061234, (0531) 8606 1234, 12345, 400-600-1234, +86 531 86061234)."""
    digits = sum(character.isdigit() for character in value)
    if not _PHONE_CHARACTERS.match(value.strip()) or not 3 <= digits <= 15:
        raise ValidationError(
            _("“%(value)s” is not a phone number: write digits, with an area code and hyphen "
              "if needed, e.g. 0531-86061234 or 12345."), code="phone", params={"value": value})


def phone_number_field(verbose_name, **options) -> models.CharField:
    return models.CharField(verbose_name, max_length=32, validators=[validate_phone_number],
                            **options)


class HotlineStatus(models.TextChoices):
    ACTIVE = "active", _("In service")
    SUSPENDED = "suspended", pgettext_lazy("hotline status", "Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Hotline(models.Model):
    number = phone_number_field(_("number"), unique=True,
                                error_messages={"unique": _("This number is already on file.")})
    office = models.ForeignKey("offices.Office", models.PROTECT, related_name="hotlines",
                               verbose_name=_("answering office"))
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                               verbose_name=_("division"))
    purpose = models.CharField(_("purpose"), max_length=120)
    always_open = models.BooleanField(_("open 24 hours"), default=True)
    starts_on = models.DateField(_("in service since"))
    status = models.CharField(_("status"), max_length=10, choices=HotlineStatus.choices,
                              default=HotlineStatus.ACTIVE)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["region_id", "number"]
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.purpose}"

    def open_at(self, moment: datetime.datetime, hours: list[OpeningHours] | None = None) -> bool:
        """Is the line staffed at ``moment`` (local time)? ``hours`` saves a query when the
        caller has read them already."""
        if self.always_open:
            return True
        local = timezone.localtime(moment)
        rows = hours if hours is not None else list(self.hours.all())
        return any(row.weekday == local.weekday() and row.opens <= local.time() < row.closes
                   for row in rows)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """One staffed stretch of a line that is not open 24 hours: a weekday, from, until."""

    hotline = models.ForeignKey(Hotline, models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [models.CheckConstraint(
            name="opening_hours_close_after_opening", condition=Q(closes__gt=models.F("opens")),
            violation_error_message=_("A line must close after it opens."))]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered on the call")
    REFERRED = "referred", _("Referred to a department")
    APPEAL = "appeal", _("Taken in as an appeal")
    CALL_BACK = "call_back", _("To be called back")
    OTHER = "other", _("Other")


class Call(models.Model):
    """A call taken on a line (来电记录)."""

    hotline = models.ForeignKey(Hotline, models.PROTECT, related_name="calls",
                                verbose_name=_("hotline"))
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                               verbose_name=_("division"))
    received_at = models.DateTimeField(_("time"))
    caller_name = models.CharField(_("caller"), max_length=64, blank=True)
    caller_phone = phone_number_field(_("caller's number"), blank=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("enterprise"))
    person = models.ForeignKey("enterprises.Person", models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("person"))
    topic = models.CharField(_("topic"), max_length=120)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("taken by"))
    summary = models.TextField(_("what was said"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=CallOutcome.choices)
    appeal = models.OneToOneField("appeals.Appeal", models.PROTECT, null=True, blank=True,
                                  related_name="hotline_call", verbose_name=_("appeal"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [models.Index(fields=["region", "received_at"]),
                   models.Index(fields=["hotline", "received_at"])]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.received_at):%Y-%m-%d %H:%M} {self.topic}"


class TestCallRound(models.Model):
    """A round of test calls (拨测), e.g. "check all 170 new hotlines in April": the lines to
    call are fixed when the round is set up."""

    __test__ = False  # not a pytest class, despite the name

    name = models.CharField(_("name"), max_length=120)
    office = models.ForeignKey("offices.Office", models.PROTECT, related_name="+",
                               verbose_name=_("inspecting office"))
    scope = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                              verbose_name=_("scope"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    hotlines = models.ManyToManyField(Hotline, related_name="rounds",
                                      verbose_name=_("lines to call"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("test-call round")
        verbose_name_plural = _("test-call rounds")
        constraints = [models.CheckConstraint(
            name="test_call_round_ends_after_start",
            condition=Q(ends_on__gte=models.F("starts_on")),
            violation_error_message=_("The round cannot end before it starts."))]

    def __str__(self) -> str:
        return self.name


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
SCORES = ("courtesy", "knowledge", "ownership", "accuracy")


def score_field(verbose_name) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, validators=SCORE_VALIDATORS,
        error_messages={"min_value": _("Scores run from 1 to 5."),
                        "max_value": _("Scores run from 1 to 5.")})


class TestCall(models.Model):
    """One test call. A call made outside the line's stated hours is kept, but not counted in
    the line's figures (``within_hours``, fixed when the call is recorded)."""

    __test__ = False

    round = models.ForeignKey(TestCallRound, models.PROTECT, null=True, blank=True,
                              related_name="test_calls", verbose_name=_("round"))
    hotline = models.ForeignKey(Hotline, models.PROTECT, related_name="test_calls",
                                verbose_name=_("hotline"))
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                               verbose_name=_("division"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("inspector"))
    called_at = models.DateTimeField(_("time of the call"))
    answered = models.BooleanField(_("answered"))
    seconds_to_answer = models.PositiveIntegerField(_("seconds until answered"), null=True,
                                                    blank=True)
    courtesy = score_field(_("courtesy"))
    knowledge = score_field(_("knowledge of the business"))
    ownership = score_field(_("first-contact ownership"))
    accuracy = score_field(_("accuracy of the answer"))
    notes = models.TextField(_("notes"), blank=True)
    within_hours = models.BooleanField(_("within the line's hours"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-called_at", "-id"]
        verbose_name = _("test call")
        verbose_name_plural = _("test calls")
        indexes = [models.Index(fields=["region", "called_at"]),
                   models.Index(fields=["hotline", "called_at"])]
        constraints = [
            models.CheckConstraint(
                name="test_call_scores_in_range",
                condition=Q(*[Q(**{f"{name}__isnull": True})
                              | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}) for name in SCORES])),
            models.CheckConstraint(
                name="test_call_unanswered_has_no_scores",
                condition=Q(answered=True) | Q(seconds_to_answer__isnull=True,
                                               **{f"{name}__isnull": True for name in SCORES})),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.called_at):%Y-%m-%d %H:%M} {self.hotline.number}"

    def clean(self) -> None:
        if not self.answered:
            self.seconds_to_answer = None
            for name in SCORES:
                setattr(self, name, None)
            return
        errors = {}
        if self.seconds_to_answer is None:
            errors["seconds_to_answer"] = _("Say how many seconds passed before the answer.")
        for name in SCORES:
            if getattr(self, name) is None:
                errors[name] = _("Give a score from 1 to 5.")
        if errors:
            raise ValidationError(errors)
