from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from partnerhub.core.forms import StyledFormMixin
from partnerhub.newsletter.models import Section, Subscriber
from partnerhub.newsletter.quarters import Quarter, QuarterError


def _current_language() -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


class SubscribeForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = _current_language()
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class AssembleForm(StyledFormMixin, forms.Form):
    quarter = forms.CharField(
        label=_("Quarter"), max_length=10, help_text=_("For example 2026-Q4.")
    )
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_quarter(self) -> Quarter:
        try:
            return Quarter.parse(self.cleaned_data["quarter"])
        except QuarterError:
            raise forms.ValidationError(_("Write a quarter such as 2026-Q4.")) from None


class IssueTextForm(StyledFormMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )


class IssueTranslationForm(StyledFormMixin, forms.Form):
    """The subject and introduction in one other language; prefixed with the language code,
    so that the forms of all languages share one page."""

    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: left blank, readers in this language get the English text."),
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=language, **kwargs)
        self.language = language
        name = dict(settings.LANGUAGES)[language]
        self.language_name = name
        self.fields["subject"].label = _("Subject in %(language)s") % {"language": name}
        self.fields["introduction"].label = _("Introduction in %(language)s") % {"language": name}
        direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
        for field in self.fields.values():
            field.widget.attrs.update({"lang": language, "dir": direction})


class ItemForm(StyledFormMixin, forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices, initial=Section.NEWS)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("One-line summary"), max_length=300, required=False)
    url = forms.CharField(
        label=_("Link"),
        max_length=500,
        help_text=_("An https:// address, or a path on this site such as /knowledge/lessons/."),
    )


class TestSendForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("Send a test to"), max_length=254)
    language = forms.ChoiceField(label=_("In"), choices=settings.LANGUAGES, initial="en")


class SubscriberFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("E-mail contains"), required=False, max_length=254)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Subscriber.Status.choices],
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {
            "text": self.cleaned_data["q"],
            "status": self.cleaned_data["status"],
            "language": self.cleaned_data["language"],
        }
