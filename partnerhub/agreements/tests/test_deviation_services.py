"""deviation_record and deviation_remove: negotiated wording replaces a clause in the
documents, shows as a redline on the agreement's page, and only while the text is open."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partnerhub.agreements.models import Agreement, Deviation
from partnerhub.agreements.services import agreement_generate, deviation_record, deviation_remove
from partnerhub.agreements.tests.factories import template_of
from partnerhub.agreements.tests.test_generate_service import docx_text
from partnerhub.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NEGOTIATED = "Either party may end this Agreement with ninety days' written notice."


@pytest.fixture
def generated(partnership, legal_officer):
    return agreement_generate(
        partnership=partnership,
        template=template_of("mou"),
        language="en",
        optional_clause_ids=[],
        actor=legal_officer,
    )


@pytest.fixture
def clause(generated):
    return generated.template.template_clauses.get(clause__code="termination").clause


def test_the_negotiated_text_replaces_the_standard_in_the_documents(
    generated, clause, legal_officer
):
    deviation = deviation_record(
        agreement=generated,
        clause=clause,
        text=NEGOTIATED,
        reason="The partner's board asked for a longer notice.",
        actor=legal_officer,
    )
    generated.refresh_from_db()
    assert NEGOTIATED in docx_text(generated.docx.read())
    assert deviation.created_by == legal_officer
    event = AuditEvent.objects.get(verb="agreement.deviation_recorded")
    assert event.details["clause"] == "termination"


def test_the_page_shows_it_as_a_redline(as_role, generated, clause, legal_officer):
    deviation_record(
        agreement=generated, clause=clause, text=NEGOTIATED, reason="", actor=legal_officer
    )
    _user, client = as_role("legal_officer")
    html = client.get(reverse("agreements:detail", args=[generated.pk])).content.decode()
    assert "<del>" in html
    assert "<ins>" in html
    assert "ninety" in html
    # Screen readers do not announce <del> and <ins>: the page says which is which.
    assert '<del><span class="visually-hidden">Deleted: </span>' in html
    assert '<ins><span class="visually-hidden">Inserted: </span>' in html


def test_recording_again_replaces_the_deviation(generated, clause, legal_officer):
    for text in (NEGOTIATED, NEGOTIATED + " Notice is given in writing."):
        deviation_record(
            agreement=generated, clause=clause, text=text, reason="", actor=legal_officer
        )
    assert Deviation.objects.get().text.endswith("in writing.")


def test_removing_it_restores_the_standard_text(generated, clause, legal_officer):
    deviation = deviation_record(
        agreement=generated, clause=clause, text=NEGOTIATED, reason="", actor=legal_officer
    )
    deviation_remove(deviation=deviation, actor=legal_officer)
    generated.refresh_from_db()
    assert NEGOTIATED not in docx_text(generated.docx.read())
    assert AuditEvent.objects.filter(verb="agreement.deviation_removed").exists()


def test_the_standard_text_itself_is_not_a_deviation(generated, clause, legal_officer):
    with pytest.raises(ValidationError, match="standard wording"):
        deviation_record(
            agreement=generated,
            clause=clause,
            text=clause.texts["en"],
            reason="",
            actor=legal_officer,
        )


def test_unknown_placeholders_are_refused(generated, clause, legal_officer):
    with pytest.raises(ValidationError, match="Unknown placeholders"):
        deviation_record(
            agreement=generated,
            clause=clause,
            text="{{ partner_ceo }} may end it.",
            reason="",
            actor=legal_officer,
        )


def test_a_clause_not_in_the_agreement_is_refused(generated, legal_officer):
    optional = generated.template.template_clauses.filter(mandatory=False).first().clause
    with pytest.raises(ValidationError, match="not part of this agreement"):
        deviation_record(
            agreement=generated, clause=optional, text=NEGOTIATED, reason="", actor=legal_officer
        )


def test_empty_text_is_refused(generated, clause, legal_officer):
    with pytest.raises(ValidationError, match="Enter the negotiated text"):
        deviation_record(
            agreement=generated, clause=clause, text=" ", reason="", actor=legal_officer
        )


@pytest.mark.parametrize("status", ["approved", "sent_for_signature", "signed", "cancelled"])
def test_only_while_drafted_or_in_legal_review(generated, clause, legal_officer, status):
    Agreement.objects.filter(pk=generated.pk).update(status=status)
    with pytest.raises(ValidationError, match="only while drafted or in legal review"):
        deviation_record(
            agreement=generated, clause=clause, text=NEGOTIATED, reason="", actor=legal_officer
        )


def test_in_legal_review_it_may_be_recorded(generated, clause, legal_officer):
    Agreement.objects.filter(pk=generated.pk).update(status="legal_review")
    deviation_record(
        agreement=generated, clause=clause, text=NEGOTIATED, reason="", actor=legal_officer
    )


@pytest.mark.parametrize(
    "role", ["focal_point", "other_focal_point", "screening_officer", "coordinator", "company_rep"]
)
def test_only_legal_officers_of_the_lead_entity(request, generated, clause, role):
    with pytest.raises(PermissionDenied, match="legal officers"):
        deviation_record(
            agreement=generated,
            clause=clause,
            text=NEGOTIATED,
            reason="",
            actor=request.getfixturevalue(role),
        )


def test_removal_by_others_is_refused(generated, clause, legal_officer, focal_point):
    deviation = deviation_record(
        agreement=generated, clause=clause, text=NEGOTIATED, reason="", actor=legal_officer
    )
    with pytest.raises(PermissionDenied):
        deviation_remove(deviation=deviation, actor=focal_point)


@pytest.mark.parametrize(
    "text", ["Notice to {{ partner } in writing.", "{{ partner|upper }} may end it."]
)
def test_malformed_placeholders_are_refused_as_typed(generated, clause, legal_officer, text):
    # They would otherwise reach the signed agreement with their braces.
    with pytest.raises(ValidationError) as refused:
        deviation_record(
            agreement=generated, clause=clause, text=text, reason="", actor=legal_officer
        )
    message = refused.value.message_dict["text"][0]
    assert message.startswith("Placeholders are written {{ name }}")
    assert text.split(" ")[0] in message or "{{ partner" in message
    assert not generated.deviations.exists()
