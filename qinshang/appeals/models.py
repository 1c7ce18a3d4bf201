"""Appeals (诉求): one model for opinions, requests, complaints, disputes and emergencies, and the
rows that follow one from intake to a rated close (DESIGN.md §4)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from qinshang.events.services import timeline_key


class Category(models.Model):
    """What an appeal is about. Data, not code: the administrator adds categories; each carries
    its own label in the three languages of the interface."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=64)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=64)
    name_en = models.CharField(_("name (English)"), max_length=64)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("appeal category")
        verbose_name_plural = _("appeal categories")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = (get_language() or "zh-hans").lower()
        if language.startswith("en"):
            return self.name_en
        if language in ("zh-hant", "zh-tw", "zh-hk"):
            return self.name_zh_hant
        return self.name_zh_hans


class Kind(models.TextChoices):
    OPINION = "opinion", _("Opinion or suggestion")
    REQUEST = "request", _("Request")
    COMPLAINT = "complaint", _("Complaint")
    DISPUTE = "dispute", _("Dispute")
    EMERGENCY = "emergency", _("Emergency assistance")


class Channel(models.TextChoices):
    VISIT = "visit", _("Visit")
    SURVEY = "survey", _("Survey")
    HOTLINE = "hotline", _("Hotline call")
    PORTAL = "portal", _("Portal")
    SYMPOSIUM = "symposium", _("Symposium")
    LETTER = "letter", _("Letter")
    WALK_IN = "walk_in", _("Walk-in")
    DEPARTMENT = "department", _("Department")
    LIAISON = "liaison", _("Liaison contact")
    API = "api", _("Open311 API")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    COMPLEX = "complex", _("Complex")
    URGENT = "urgent", _("Urgent (green channel)")


class State(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSESSED = "assessed", _("Assessed")
    ASSIGNED = "assigned", _("Assigned")
    # Contexts: the same English words label support measures and enterprises differently.
    IN_PROGRESS = "in_progress", pgettext_lazy("appeal state", "In progress")
    ANSWERED = "answered", _("Answered")
    RATED = "rated", _("Rated")
    CLOSED = "closed", pgettext_lazy("appeal state", "Closed")
    REJECTED = "rejected", _("Not accepted")
    MERGED = "merged", _("Merged into another appeal")


# Before an answer: the states whose answer deadline is still running.
UNANSWERED_STATES = (State.REGISTERED, State.ASSESSED, State.ASSIGNED, State.IN_PROGRESS)
FINAL_STATES = (State.CLOSED, State.REJECTED, State.MERGED)
OPEN_STATES = (*UNANSWERED_STATES, State.ANSWERED, State.RATED)


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PLANNED = "planned", _("Resolution planned")
    EXPLAINED = "explained", _("Explained: cannot be resolved")


class Rating(models.IntegerChoices):
    """GB/T 39734 five-level satisfaction."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neutral")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


SATISFIED_RATINGS = (Rating.VERY_SATISFIED, Rating.SATISFIED)
# Below "satisfied": the ratings after which the appellant may ask for it to be handled again.
UNSATISFIED_UP_TO = Rating.NEUTRAL


def overdue_q(now: datetime.datetime) -> Q:
    """Past a limit: not answered by the answer deadline, or not contacted by the contact
    deadline. A Q, so that figures can count it conditionally."""
    return Q(state__in=UNANSWERED_STATES) & (
        Q(answer_due__lt=now) | Q(first_contact_at__isnull=True, contact_due__lt=now))


class AppealQuerySet(models.QuerySet):
    def open(self) -> AppealQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, now: datetime.datetime | None = None) -> AppealQuerySet:
        return self.filter(overdue_q(now or timezone.now()))


class Appeal(models.Model):
    SEARCH_FIELDS = ("title", "description")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    category = models.ForeignKey(Category, models.PROTECT, related_name="appeals",
                                 verbose_name=_("category"))
    priority = models.CharField(_("priority"), max_length=16, choices=Priority.choices,
                                default=Priority.NORMAL)
    title = models.CharField(_("subject"), max_length=120)
    description = models.TextField(_("description"))
    enterprise = models.ForeignKey("enterprises.Enterprise", models.PROTECT, null=True,
                                   blank=True, related_name="appeals",
                                   verbose_name=_("enterprise"))
    person = models.ForeignKey("enterprises.Person", models.PROTECT, null=True, blank=True,
                               related_name="appeals", verbose_name=_("person"))
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="appeals",
                               verbose_name=_("county"))
    office = models.ForeignKey("offices.Office", models.PROTECT, related_name="appeals",
                               verbose_name=_("owning office"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="submitted_appeals",
                                     verbose_name=_("submitted by"))

    state = models.CharField(_("state"), max_length=16, choices=State.choices,
                             default=State.REGISTERED)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    contact_due = models.DateTimeField(_("contact due"))
    first_contact_at = models.DateTimeField(_("first contacted"), null=True, blank=True)
    answer_due = models.DateTimeField(_("answer due"), null=True, blank=True)
    plan = models.TextField(_("handling plan"), blank=True)
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    return_due = models.DateTimeField(_("return due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("reply to the appellant"), blank=True)
    # Stored when answered, so that the figures are aggregates rather than loops.
    handling_days = models.PositiveIntegerField(_("handling time (working days)"), null=True,
                                                blank=True)
    answered_on_time = models.BooleanField(_("answered on time"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices, null=True,
                                              blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for not accepting"), blank=True)

    supervised = models.BooleanField(_("supervised"), default=False)
    supervised_by = models.ForeignKey("offices.Office", models.PROTECT, null=True, blank=True,
                                      related_name="supervised_appeals",
                                      verbose_name=_("supervising office"))
    supervised_at = models.DateTimeField(_("supervised since"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("marked overdue"), null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField(_("extensions"), default=0)
    return_count = models.PositiveSmallIntegerField(_("returns"), default=0)
    reopen_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    merged_into = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                                    related_name="merged_duplicates",
                                    verbose_name=_("merged into"))

    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=0)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        indexes = [
            models.Index(fields=["region", "-registered_at"]),
            models.Index(fields=["state", "region"]),
            models.Index(fields=["enterprise", "-registered_at"]),
            models.Index(fields=["answer_due"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="appeal_concerns_enterprise_or_person",
                condition=Q(enterprise__isnull=False) | Q(person__isnull=False),
                violation_error_message=_("An appeal concerns an enterprise or a person."),
            ),
            models.CheckConstraint(
                name="appeal_rating_in_range",
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"No.{self.pk}" if self.pk else ""

    @property
    def timeline_key(self) -> str:
        return timeline_key(self)

    @property
    def lead_assignment(self) -> Assignment | None:
        for assignment in self.assignments.all():
            if assignment.lead:
                return assignment
        return None

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        if self.state not in UNANSWERED_STATES:
            return False
        now = now or timezone.now()
        late_answer = self.answer_due is not None and self.answer_due < now
        late_contact = self.first_contact_at is None and self.contact_due < now
        return late_answer or late_contact

    @property
    def satisfied(self) -> bool:
        return self.rating in SATISFIED_RATINGS


class Assignment(models.Model):
    """An appeal routed to a department: one lead (牵头) and any co-handlers (协办)."""

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="assignments",
                               verbose_name=_("appeal"))
    department = models.ForeignKey("offices.Department", models.PROTECT,
                                   related_name="assignments", verbose_name=_("department"))
    lead = models.BooleanField(_("lead department"), default=False)
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-lead", "department_id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "department"],
                                    name="assignment_one_per_department"),
            models.UniqueConstraint(fields=["appeal"], condition=Q(lead=True),
                                    name="assignment_one_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id} → {self.department}"


class Extension(models.Model):
    """A department's request for more time, asked before the deadline, and its decision."""

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="extensions",
                               verbose_name=_("appeal"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    days = models.PositiveSmallIntegerField(
        _("working days asked for"), validators=[MinValueValidator(1), MaxValueValidator(60)])
    reason = models.TextField(_("reason"))
    granted = models.BooleanField(_("granted"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return f"{self.appeal_id} +{self.days}"

    @property
    def pending(self) -> bool:
        return self.granted is None


def attachment_path(attachment: Attachment, filename: str) -> str:
    stamp = timezone.now()
    return f"appeals/{stamp:%Y/%m}/{attachment.appeal_id}-{stamp:%H%M%S%f}.{attachment.extension}"


class Attachment(models.Model):
    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="attachments",
                               verbose_name=_("appeal"))
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(_("type"), max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class TimeLimits(models.Model):
    """An office's own time limits, where they differ from the defaults of DESIGN.md §4."""

    office = models.OneToOneField("offices.Office", models.CASCADE, related_name="time_limits",
                                  verbose_name=_("office"))
    urgent_contact_hours = models.PositiveSmallIntegerField(
        _("urgent: contact within (working hours)"), default=2)
    urgent_answer_days = models.PositiveSmallIntegerField(
        _("urgent: answer within (working days)"), default=1)
    normal_contact_days = models.PositiveSmallIntegerField(
        _("normal: contact within (working days)"), default=1)
    normal_answer_days = models.PositiveSmallIntegerField(
        _("normal: answer within (working days)"), default=15)
    complex_contact_days = models.PositiveSmallIntegerField(
        _("complex: contact within (working days)"), default=1)
    complex_answer_days = models.PositiveSmallIntegerField(
        _("complex: answer within (working days)"), default=30)
    return_days = models.PositiveSmallIntegerField(
        _("a department returns a wrong assignment within (working days)"), default=2)
    reopen_limit = models.PositiveSmallIntegerField(
        _("times an appellant may ask for it to be handled again"), default=1)

    class Meta:
        verbose_name = _("time limits")
        verbose_name_plural = _("time limits")

    def __str__(self) -> str:
        return str(self.office)

    @staticmethod
    def of(office) -> TimeLimits:
        """The office's own limits, or the defaults of DESIGN.md §4."""
        try:
            return office.time_limits
        except TimeLimits.DoesNotExist:
            return TimeLimits(office=office)
