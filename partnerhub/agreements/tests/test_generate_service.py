"""agreement_generate: the document filled from the partnership, for every template and in
English, French and Arabic; who may generate, when, and regeneration of the draft."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.agreements.models import Agreement, AgreementTemplate, TemplateClause
from partnerhub.agreements.services import agreement_generate, agreement_transition
from partnerhub.agreements.tests.conftest import PARTNER_NAME
from partnerhub.agreements.tests.factories import DeviationFactory, template_of
from partnerhub.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# The amount as each language writes it (CLDR: grouping and decimal separators).
AMOUNTS = {"en": "380,000.00", "fr": "380\u202f000,00", "ar": "380,000.00"}


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _generate(partnership, actor, kind="mou", language="en", optional=()):
    return agreement_generate(
        partnership=partnership,
        template=template_of(kind),
        language=language,
        optional_clause_ids=list(optional),
        actor=actor,
    )


def _squash(text: str) -> str:
    """Text extracted from a PDF breaks lines anywhere and may use other spaces."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.mark.parametrize("kind", AgreementTemplate.Kind.values)
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_template_generates_docx_and_pdf_with_the_partnerships_data(
    partnership, legal_officer, kind, language
):
    agreement = _generate(partnership, legal_officer, kind, language)
    mandatory = (
        TemplateClause.objects.filter(template=agreement.template, mandatory=True)
        .select_related("clause")
        .order_by("position")
        .first()
    )
    heading = mandatory.clause.titles.get(language) or mandatory.clause.titles["en"]
    docx_body = docx_text(agreement.docx.read())
    pdf_body = _squash(pdf_text(agreement.pdf.read()))
    for body in (docx_body, pdf_body):
        assert PARTNER_NAME in body
        assert _squash(heading) in _squash(body)
    assert _squash(AMOUNTS[language]) in _squash(docx_body)
    assert _squash(AMOUNTS[language]) in pdf_body
    assert agreement.generated_at is not None


def test_arabic_is_laid_out_right_to_left(partnership, legal_officer):
    agreement = _generate(partnership, legal_officer, language="ar")
    document = docx.Document(io.BytesIO(agreement.docx.read()))
    body = document.element.body.xml
    assert "w:bidi" in body
    assert "w:rtl" in body


def test_kpis_countries_and_dates_are_filled_in(partnership, legal_officer):
    body = docx_text(_generate(partnership, legal_officer).docx.read())
    assert "School meals delivered" in body
    assert "1,500,000 meals" in body
    assert "Kenya" in body
    assert "1 July 2026" in body
    assert "UNICEF" in body
    assert "1,200.00" in body and "hours" in body


def test_french_names_countries_in_french(partnership, legal_officer):
    body = docx_text(_generate(partnership, legal_officer, language="fr").docx.read())
    assert "Partenaire privé" in body
    assert "Contribution financière" in body


def test_optional_clauses_chosen_are_included_and_others_not(partnership, legal_officer):
    template = template_of("mou")
    optional = list(
        TemplateClause.objects.filter(template=template, mandatory=False).select_related("clause")
    )
    assert len(optional) >= 2
    chosen, left_out = optional[0], optional[1]
    agreement = _generate(partnership, legal_officer, optional=[chosen.pk])
    body = docx_text(agreement.docx.read())
    assert chosen.clause.titles["en"] in body
    assert left_out.clause.titles["en"] not in body
    assert list(agreement.optional_clauses.all()) == [chosen]


def test_an_optional_clause_of_another_template_is_refused(partnership, legal_officer):
    other = TemplateClause.objects.filter(template=template_of("financial"), mandatory=False)[0]
    with pytest.raises(ValidationError, match="not optional clauses of this template"):
        _generate(partnership, legal_officer, optional=[other.pk])
    assert not Agreement.objects.exists()


def test_it_is_audited_on_the_partnership(partnership, legal_officer):
    agreement = _generate(partnership, legal_officer, language="fr")
    event = AuditEvent.objects.get(verb="agreement.generated")
    assert event.target_id == str(partnership.pk)
    assert event.details["agreement"] == agreement.pk
    assert event.details["language"] == "fr"


def test_a_focal_point_of_the_lead_entity_may_draft(partnership, focal_point):
    assert _generate(partnership, focal_point).status == "drafted"


@pytest.mark.parametrize(
    "role", ["other_focal_point", "screening_officer", "me_officer", "coordinator", "company_rep"]
)
def test_others_may_not_generate(request, partnership, role):
    with pytest.raises(PermissionDenied):
        _generate(partnership, request.getfixturevalue(role))
    assert not Agreement.objects.exists()


def test_an_administrator_may(partnership, admin):
    _generate(partnership, admin)


@pytest.mark.parametrize("status", ["draft", "proposed", "due_diligence", "active", "closed"])
def test_only_in_review_or_at_the_agreement_stage(partnership, legal_officer, status):
    partnership.status = status
    partnership.save()
    with pytest.raises(ValidationError, match="in review or at the agreement stage"):
        _generate(partnership, legal_officer)


def test_in_review_it_may_be_drafted(partnership, legal_officer):
    partnership.status = "review"
    partnership.save()
    _generate(partnership, legal_officer)


def test_unknown_language_is_refused(partnership, legal_officer):
    with pytest.raises(ValidationError, match="Choose one of"):
        _generate(partnership, legal_officer, language="de")


def test_a_retired_template_is_refused(partnership, legal_officer):
    template = template_of("mou")
    template.in_force = False
    template.save()
    with pytest.raises(ValidationError, match="no longer in force"):
        agreement_generate(
            partnership=partnership,
            template=template,
            language="en",
            optional_clause_ids=[],
            actor=legal_officer,
        )


def test_generating_again_while_drafted_regenerates_the_same_agreement(partnership, legal_officer):
    first = _generate(partnership, legal_officer)
    kept = first.template.template_clauses.filter(mandatory=True).first().clause
    DeviationFactory(agreement=first, clause=kept)
    second = _generate(partnership, legal_officer, kind="financial")
    assert second.pk == first.pk
    assert second.template.kind == "financial"
    assert Agreement.objects.count() == 1
    in_financial = second.template.template_clauses.filter(clause=kept).exists()
    assert second.deviations.exists() == in_financial
    assert AuditEvent.objects.filter(verb="agreement.regenerated").exists()
    second.deviations.all().delete()
    third = _generate(partnership, legal_officer, kind="financial", language="fr")
    assert third.pk == first.pk and third.language == "fr"


def test_negotiated_text_is_not_carried_into_another_language(partnership, legal_officer):
    # An English deviation in a French agreement would leave the clause in English and
    # redline French against English: the legal officer is asked to remove it first.
    agreement = _generate(partnership, legal_officer)
    purpose = agreement.template.template_clauses.get(clause__code="purpose").clause
    DeviationFactory(agreement=agreement, clause=purpose, text="Negotiated purpose.")
    with pytest.raises(ValidationError, match=r"deviations \(purpose\) are worded in English"):
        _generate(partnership, legal_officer, language="fr")
    agreement.refresh_from_db()
    assert agreement.language == "en" and agreement.deviations.count() == 1
    assert _generate(partnership, legal_officer, language="en").deviations.count() == 1


def test_once_in_review_it_must_return_to_draft_first(partnership, legal_officer):
    agreement = _generate(partnership, legal_officer)
    agreement_transition(agreement=agreement, to="legal_review", actor=legal_officer)
    with pytest.raises(ValidationError, match="Return it to drafted first"):
        _generate(partnership, legal_officer)


def test_after_cancellation_a_new_agreement_is_generated(partnership, legal_officer):
    first = _generate(partnership, legal_officer)
    agreement_transition(agreement=first, to="cancelled", actor=legal_officer)
    second = _generate(partnership, legal_officer)
    assert second.pk != first.pk
