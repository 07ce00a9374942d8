from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.models import Role, User
from partnerhub.core.forms import StyledFormMixin
from partnerhub.entities.models import UNEntity
from partnerhub.organisations.models import Organisation
from partnerhub.vocabularies.models import Country


class ApiTokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What will use it, e.g. 'nightly IATI export'."),
    )


class MembershipGrantForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("User's e-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    un_entity = forms.ModelChoiceField(
        label=_("UN entity"), queryset=UNEntity.objects.all(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entity_field = self.fields["un_entity"]
        entity_field.label_from_instance = lambda e: f"{e.acronym} — {e.name}"  # type: ignore[attr-defined]

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                _("No account uses this e-mail. The person must sign up first.")
            )
        return user

    def grant_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "user": data["email"],
            "role": data["role"],
            "un_entity": data["un_entity"],
            "organisation": data["organisation"],
            "country": data["country"],
        }
