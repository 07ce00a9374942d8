"""Forms clean what people type; the services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.agreements.models import (
    AGREEMENT_LANGUAGES,
    Agreement,
    AgreementTemplate,
    TemplateClause,
)
from partnerhub.agreements.services import localised
from partnerhub.core.forms import StyledFormMixin


class DateInput(forms.DateInput):
    input_type = "date"


class GenerateForm(StyledFormMixin, forms.Form):
    """The template in force of a kind, the language and the optional clauses chosen (the
    optional clauses of every template in force are listed; those of other templates are
    ignored by `optional_clause_ids`)."""

    template = forms.ModelChoiceField(
        label=_("Kind of agreement"),
        queryset=AgreementTemplate.objects.none(),
        empty_label=None,
    )
    language = forms.ChoiceField(label=_("Language"), choices=AGREEMENT_LANGUAGES)
    optional_clauses = forms.ModelMultipleChoiceField(
        label=_("Optional clauses"),
        queryset=TemplateClause.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mandatory clauses are always included."),
    )

    def __init__(self, *args: Any, templates: Any, optional: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["template"].label_from_instance = (  # type: ignore[attr-defined]
            lambda t: f"{t.get_kind_display()} (v{t.version})"
        )
        self.fields["optional_clauses"].queryset = optional  # type: ignore[attr-defined]
        self.fields["optional_clauses"].label_from_instance = (  # type: ignore[attr-defined]
            lambda tc: (
                f"{tc.template.get_kind_display()}: {localised(tc.clause.titles) or tc.clause.code}"
            )
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        template = cleaned.get("template")
        if template is not None:
            others = [
                tc for tc in cleaned.get("optional_clauses") or [] if tc.template_id != template.pk
            ]
            if others:
                # The list holds every template's optional clauses; one ticked under another
                # kind would otherwise be left out without a word.
                self.add_error(
                    "optional_clauses",
                    _(
                        "These clauses belong to another kind of agreement: %(clauses)s. Tick "
                        "only optional clauses of “%(kind)s”."
                    )
                    % {
                        "clauses": "; ".join(
                            f"{localised(tc.clause.titles) or tc.clause.code} "
                            f"({tc.template.get_kind_display()})"
                            for tc in others
                        ),
                        "kind": template.get_kind_display(),
                    },
                )
        return cleaned

    def optional_clause_ids(self) -> list[int]:
        return [tc.pk for tc in self.cleaned_data["optional_clauses"]]


class DeviationForm(StyledFormMixin, forms.Form):
    clause = forms.ChoiceField(label=_("Clause"))
    text = forms.CharField(
        label=_("Negotiated text"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The whole clause as agreed with the partner; it replaces the standard text."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, clauses: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clauses = {str(c.pk): c for c in clauses}
        self.fields["clause"].choices = [  # type: ignore[attr-defined]
            (str(c.pk), localised(c.titles) or c.code) for c in clauses
        ]

    def chosen_clause(self) -> Any:
        return self.clauses[self.cleaned_data["clause"]]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Agreement.Status.choices)
    note = forms.CharField(required=False, max_length=2000)
    sent_on = forms.DateField(required=False)


class SignedCopyForm(StyledFormMixin, forms.Form):
    signed_copy = forms.FileField(
        label=_("Signed copy (PDF or DOCX, at most 20 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    signed_on = forms.DateField(label=_("Date of signature"), widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class TemplateUploadForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of agreement"), choices=AgreementTemplate.Kind.choices)
    docx_file = forms.FileField(
        label=_("Template (DOCX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
        help_text=_(
            "Its placeholders are checked: an unknown or missing placeholder refuses the upload "
            "and the version in force stays in force."
        ),
    )
    notes = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
