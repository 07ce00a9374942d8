from __future__ import annotations

import datetime

import factory

from partnerhub.agreements.models import Agreement, AgreementTemplate, Deviation
from partnerhub.partnerships.tests.factories import PartnershipFactory


def template_of(kind: str = AgreementTemplate.Kind.MOU) -> AgreementTemplate:
    """The version in force of a kind, as installed by the library's data migration."""
    return AgreementTemplate.objects.get(kind=kind, in_force=True)


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement row without generated files (generating needs the renderer; tests of the
    flow alone do not)."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory, status="agreement")
    template = factory.LazyFunction(template_of)
    language = "en"
    status = Agreement.Status.DRAFTED


class SignedAgreementFactory(AgreementFactory):
    status = Agreement.Status.SIGNED
    sent_on = datetime.date(2026, 5, 1)
    signed_on = datetime.date(2026, 6, 1)
    signed_copy = factory.django.FileField(filename="signed.pdf", data=b"%PDF-1.4 signed")


class DeviationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deviation

    agreement = factory.SubFactory(AgreementFactory)
    text = "Negotiated wording."
    reason = "Asked by the partner's counsel."
