"""The administrator builds the form templates here: the visit report form (《走访台资企业报告表》)
and the opinion form (《征求意见表》) are two such templates, each a list of questions."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from qinshang.questionnaires.models import FormTemplate, Question


class ChoicesField(forms.CharField):
    """A choice question's options typed one per line, kept as a list. Question.clean (run by
    the admin's model validation) then checks there are two or more and none twice."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 24})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(option) for option in value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data) -> bool:
        return self.to_python(self.prepare_value(initial)) != self.to_python(data)


class QuestionForm(forms.ModelForm):
    choices = ChoicesField(label=_("choices"), required=False,
                           help_text=_("For choice questions: one option per line."))

    class Meta:
        model = Question
        fields = ["order", "kind", "text", "help_text", "required", "choices"]


class QuestionInline(admin.TabularInline):
    model = Question
    form = QuestionForm
    extra = 1
    ordering = ("order", "id")

    def has_delete_permission(self, request, obj: FormTemplate | None = None) -> bool:
        # Answers are kept by question: removing a question of a form already answered would
        # leave those answers without their question. Retire the whole form instead.
        if obj is not None and obj.responses.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(FormTemplate)
class FormTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "purpose", "active", "question_count", "created_at")
    list_filter = ("purpose", "active")
    search_fields = ("title", "code")
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    @admin.display(description=_("questions"), ordering="question_total")
    def question_count(self, template: FormTemplate) -> int:
        return template.question_total

    def has_delete_permission(self, request, obj: FormTemplate | None = None) -> bool:
        # A form with answers stays (they point at it); set it inactive instead.
        if obj is not None and obj.responses.exists():
            return False
        return super().has_delete_permission(request, obj)
