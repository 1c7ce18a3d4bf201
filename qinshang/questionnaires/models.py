"""Form templates built by the administrator (the visit report form 《走访台资企业报告表》, the
opinion form 《征求意见表》) and the filled-in responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    VISIT_REPORT = "visit_report", _("Visit report form")
    OPINION = "opinion", _("Opinion form")
    OTHER = "other", _("Other form")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    SINGLE_CHOICE = "single", _("Single choice")
    MULTIPLE_CHOICE = "multiple", _("Multiple choice")
    YES_NO = "yes_no", _("Yes or no")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})


class FormTemplate(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=120)
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    introduction = models.TextField(_("introduction"), blank=True,
                                    help_text=_("Shown above the questions."))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["purpose", "title"]
        verbose_name = _("form template")
        verbose_name_plural = _("form templates")

    def __str__(self) -> str:
        return f"《{self.title}》"


class Question(models.Model):
    template = models.ForeignKey(FormTemplate, models.CASCADE, related_name="questions",
                                 verbose_name=_("form template"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("hint"), max_length=200, blank=True)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True,
                               help_text=_("For choice questions: the options, one per entry."))

    class Meta:
        ordering = ["template", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["template", "order"],
                                    name="question_order_unique_in_template",
                                    violation_error_message=_(
                                        "Two questions of one form cannot share a position.")),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        options = [str(option).strip() for option in (self.choices or [])]
        if self.kind in CHOICE_KINDS:
            if len([option for option in options if option]) < 2:
                raise ValidationError({"choices": _("A choice question needs at least two "
                                                    "options.")})
            if len(set(options)) != len(options):
                raise ValidationError({"choices": _("Each option may appear only once.")})
        elif options:
            raise ValidationError({"choices": _("Only choice questions have options.")})
        self.choices = options


class FormResponse(models.Model):
    """One filled-in form. ``answers`` maps each question's id (as text) to its cleaned value:
    text, a number as text, an ISO date, an option, a list of options or true/false."""

    template = models.ForeignKey(FormTemplate, models.PROTECT, related_name="responses",
                                 verbose_name=_("form template"))
    answers = models.JSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("entered by"),
                                   help_text=_("Empty when the respondent answered online."))

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("form response")
        verbose_name_plural = _("form responses")
        constraints = [models.CheckConstraint(name="form_response_answers_object",
                                              condition=~Q(answers=None))]

    def __str__(self) -> str:
        return f"{self.template} {self.submitted_at:%Y-%m-%d}"
