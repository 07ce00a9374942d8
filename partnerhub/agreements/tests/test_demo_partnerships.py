"""Agreements from the demo partnerships (partnerships/demo.py). Loading the demo takes tens of
seconds, so one test loads it and generates every template from the demo partnerships that
record contributions, rotating the languages, then walks one agreement through the approval
flow as the demo's WFP focal point and legal officer do."""

from __future__ import annotations

import itertools

import pytest
from babel.numbers import format_decimal
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnerhub.accounts.models import User
from partnerhub.agreements.models import AgreementTemplate, TemplateClause
from partnerhub.agreements.services import agreement_generate, agreement_transition
from partnerhub.agreements.tests.factories import template_of
from partnerhub.agreements.tests.test_generate_service import _squash, docx_text, pdf_text
from partnerhub.core.demo import load_demo
from partnerhub.partnerships.models import Contribution, Partnership, PartnershipPartner

pytestmark = pytest.mark.django_db

LOCALES = {"en": "en_GB", "fr": "fr", "ar": "ar"}


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@demo.partnerhub.org")


def test_every_template_from_demo_partnerships_and_the_flow_with_demo_users():
    load_demo()
    with_money = list(
        Partnership.objects.filter(
            contributions__currency__gt="", partners__role=PartnershipPartner.Role.PRIVATE
        )
        # The demo signs agreements for a few of them (agreements/demo.py): leave those be.
        .exclude(agreements__isnull=False)
        .distinct()
        .order_by("pk")
    )
    assert len(with_money) >= 3
    # Generating needs the review or agreement stage; the demo's are at every stage.
    Partnership.objects.filter(pk__in=[p.pk for p in with_money]).update(status="agreement")
    admin = _user("admin")
    languages = itertools.cycle(["en", "fr", "ar"])
    for kind, partnership in zip(
        AgreementTemplate.Kind.values, itertools.cycle(with_money), strict=False
    ):
        partnership.refresh_from_db()
        language = next(languages)
        agreement = agreement_generate(
            partnership=partnership,
            template=template_of(kind),
            language=language,
            optional_clause_ids=[],
            actor=admin,
        )
        partner = partnership.partners.filter(role="private").first().organisation.legal_name
        contribution = Contribution.objects.filter(partnership=partnership).exclude(currency="")[0]
        amount = format_decimal(contribution.amount, format="#,##0.00", locale=LOCALES[language])
        clause = (
            TemplateClause.objects.filter(template=agreement.template, mandatory=True)
            .select_related("clause")
            .first()
            .clause
        )
        heading = clause.titles.get(language) or clause.titles["en"]
        docx_body = _squash(docx_text(agreement.docx.read()))
        pdf_body = _squash(pdf_text(agreement.pdf.read()))
        for body in (docx_body, pdf_body):
            assert _squash(partner) in body, (kind, language)
            assert _squash(heading) in body, (kind, language)
            assert _squash(amount) in body, (kind, language)
        agreement_transition(agreement=agreement, to="cancelled", actor=admin)

    wfp = next(p for p in with_money if p.lead_entity.acronym == "WFP")
    focal, legal = _user("focal.wfp"), _user("legal.wfp")
    agreement = agreement_generate(
        partnership=wfp,
        template=template_of("in_kind"),
        language="en",
        optional_clause_ids=[],
        actor=focal,
    )
    agreement_transition(agreement=agreement, to="legal_review", actor=focal)
    for to in ("approved", "sent_for_signature"):
        agreement_transition(agreement=agreement, to=to, actor=legal)
    signed = agreement_transition(
        agreement=agreement,
        to="signed",
        actor=legal,
        signed_copy=SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed"),
        signed_on=timezone.localdate(),
    )
    assert signed.status == "signed"
