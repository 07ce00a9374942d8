"""agreement_transition: every move of the approval flow, allowed and refused per role, with
its guards (notes on returns, the partnership's stage, the signed copy and its date)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnerhub.agreements import selectors, services, timeline, workflows
from partnerhub.agreements.models import Agreement
from partnerhub.agreements.services import agreement_transition
from partnerhub.core.models import AuditEvent
from partnerhub.notifications.models import Notification

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n"
ROLES = [
    "focal_point",
    "other_focal_point",
    "screening_officer",
    "legal_officer",
    "me_officer",
    "coordinator",
    "admin",
]
ALLOWED = {
    ("drafted", "legal_review"): {"focal_point", "legal_officer", "admin"},
    ("legal_review", "approved"): {"legal_officer", "admin"},
    ("legal_review", "drafted"): {"legal_officer", "admin"},
    ("approved", "drafted"): {"legal_officer", "admin"},
    ("approved", "sent_for_signature"): {"legal_officer", "admin"},
    ("sent_for_signature", "signed"): {"legal_officer", "admin"},
    ("drafted", "cancelled"): {"focal_point", "legal_officer", "admin"},
    ("legal_review", "cancelled"): {"focal_point", "legal_officer", "admin"},
    ("approved", "cancelled"): {"focal_point", "legal_officer", "admin"},
    ("sent_for_signature", "cancelled"): {"focal_point", "legal_officer", "admin"},
}


def _pdf(name="signed.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _move(agreement, to, actor, **kwargs):
    if to in ("drafted",) and "note" not in kwargs:
        kwargs["note"] = "Clause 7 needs the partner's registered address."
    if to == "signed":
        kwargs.setdefault("signed_copy", _pdf())
        kwargs.setdefault("signed_on", timezone.localdate())
    return agreement_transition(agreement=agreement, to=to, actor=actor, **kwargs)


def test_the_table_is_the_one_tested():
    assert set(workflows.TRANSITIONS) == set(ALLOWED)


@pytest.mark.parametrize("move", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_each_move_by_each_role(request, agreement, move, role):
    frm, to = move
    Agreement.objects.filter(pk=agreement.pk).update(status=frm)
    actor = request.getfixturevalue(role)
    if role in ALLOWED[move]:
        moved = _move(agreement, to, actor)
        assert moved.status == to
        assert AuditEvent.objects.filter(
            verb=f"agreement.{_verb(to)}", details__agreement=agreement.pk
        ).exists()
    else:
        with pytest.raises(PermissionDenied):
            _move(agreement, to, actor)
        agreement.refresh_from_db()
        assert agreement.status == frm


def _verb(to):
    return {
        "legal_review": "submitted_for_review",
        "approved": "approved",
        "drafted": "returned_to_draft",
        "sent_for_signature": "sent_for_signature",
        "signed": "signed",
        "cancelled": "cancelled",
    }[to]


def test_a_company_representative_cannot_even_see_a_draft(agreement, company_rep):
    with pytest.raises(PermissionDenied, match="cannot see"):
        _move(agreement, "legal_review", company_rep)


@pytest.mark.parametrize(
    "frm, to",
    [
        ("drafted", "approved"),
        ("drafted", "signed"),
        ("signed", "cancelled"),
        ("cancelled", "drafted"),
    ],
)
def test_moves_outside_the_table_are_refused(agreement, legal_officer, frm, to):
    Agreement.objects.filter(pk=agreement.pk).update(status=frm)
    with pytest.raises(ValidationError, match="cannot move"):
        _move(agreement, to, legal_officer)


def test_unknown_status(agreement, legal_officer):
    with pytest.raises(ValidationError, match="Unknown status"):
        _move(agreement, "archived", legal_officer)


def test_a_return_to_draft_says_why(agreement, legal_officer):
    Agreement.objects.filter(pk=agreement.pk).update(status="legal_review")
    with pytest.raises(ValidationError, match="Say what needs changing"):
        _move(agreement, "drafted", legal_officer, note="  ")
    _move(agreement, "drafted", legal_officer, note="Fix clause 3.")
    event = AuditEvent.objects.get(verb="agreement.returned_to_draft")
    assert event.details["note"] == "Fix clause 3."


def test_sending_for_signature_waits_for_the_agreement_stage(agreement, legal_officer):
    Agreement.objects.filter(pk=agreement.pk).update(status="approved")
    agreement.partnership.status = "review"
    agreement.partnership.save()
    with pytest.raises(ValidationError, match="agreement stage"):
        _move(agreement, "sent_for_signature", legal_officer)


def test_sending_records_the_day_and_tells_the_partner(agreement, legal_officer, company_rep):
    Agreement.objects.filter(pk=agreement.pk).update(status="approved")
    moved = _move(agreement, "sent_for_signature", legal_officer)
    assert moved.sent_on == timezone.localdate()
    assert Notification.objects.filter(user=company_rep, verb="agreement.sent_for_signature")
    assert company_rep.has_perm("agreements.view_agreement", moved)


def test_signing_records_the_copy_and_the_date(agreement, legal_officer):
    Agreement.objects.filter(pk=agreement.pk).update(
        status="sent_for_signature", sent_on=datetime.date(2026, 1, 5)
    )
    moved = _move(agreement, "signed", legal_officer, signed_on=datetime.date(2026, 2, 1))
    moved.refresh_from_db()
    assert moved.signed_on == datetime.date(2026, 2, 1)
    assert moved.signed_copy.read() == PDF
    assert selectors.signed_agreement(agreement.partnership) == moved
    event = AuditEvent.objects.get(verb="agreement.signed")
    assert event.details["signed_on"] == "2026-02-01"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"signed_copy": None}, "Upload the signed copy"),
        ({"signed_on": None}, "Enter the date of signature"),
        ({"signed_on": datetime.date(2999, 1, 1)}, "in the future"),
        ({"signed_on": datetime.date(2025, 12, 31)}, "before it was sent"),
        ({"signed_copy": SimpleUploadedFile("x.txt", b"hello")}, "PDF or DOCX"),
        ({"signed_copy": SimpleUploadedFile("x.pdf", b"")}, "empty"),
        ({"signed_copy": SimpleUploadedFile("x.pdf", b"PK\x03\x04zip")}, "not a valid PDF"),
        ({"signed_copy": SimpleUploadedFile("x.docx", b"%PDF-1.4")}, "not a valid DOCX"),
    ],
)
def test_signing_is_refused_without_a_proper_copy_and_date(
    agreement, legal_officer, kwargs, message
):
    Agreement.objects.filter(pk=agreement.pk).update(
        status="sent_for_signature", sent_on=datetime.date(2026, 1, 5)
    )
    with pytest.raises(ValidationError, match=message):
        _move(agreement, "signed", legal_officer, **kwargs)
    agreement.refresh_from_db()
    assert agreement.status == "sent_for_signature"
    assert not agreement.signed_copy
    assert not AuditEvent.objects.filter(verb="agreement.signed").exists()


def test_a_copy_over_20_mb_is_refused(agreement, legal_officer):
    Agreement.objects.filter(pk=agreement.pk).update(status="sent_for_signature")
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError, match="larger than 20 MB"):
        _move(agreement, "signed", legal_officer, signed_copy=big)


def test_a_note_over_2000_characters_is_refused(agreement, legal_officer):
    with pytest.raises(ValidationError, match="under 2,000"):
        _move(agreement, "legal_review", legal_officer, note="x" * 2001)


def test_no_signed_agreement_until_signed(agreement):
    assert selectors.signed_agreement(agreement.partnership) is None


def test_every_verb_on_the_partnership_has_a_timeline_label():
    verbs = set(services.TRANSITION_VERBS.values()) | {
        "agreement.generated",
        "agreement.regenerated",
        "agreement.deviation_recorded",
        "agreement.deviation_removed",
    }
    assert verbs == set(timeline.TIMELINE_LABELS)
    assert verbs >= timeline.UN_ONLY_VERBS


def test_a_late_record_may_give_the_day_it_was_sent(agreement, legal_officer):
    # The report counts days from sending to signature: recording a week late should not
    # shorten them.
    drafted_on = timezone.localtime(agreement.created_at).date()
    Agreement.objects.filter(pk=agreement.pk).update(status="approved")
    _move(agreement, "sent_for_signature", legal_officer, sent_on=drafted_on)
    agreement.refresh_from_db()
    assert agreement.sent_on == drafted_on
    event = AuditEvent.objects.get(verb="agreement.sent_for_signature")
    assert event.details["sent_on"] == drafted_on.isoformat()


@pytest.mark.parametrize(
    ("days", "message"), [(1, "in the future"), (-400, "before the agreement was drafted")]
)
def test_the_day_it_was_sent_is_checked(agreement, legal_officer, days, message):
    Agreement.objects.filter(pk=agreement.pk).update(status="approved")
    with pytest.raises(ValidationError, match=message):
        _move(
            agreement,
            "sent_for_signature",
            legal_officer,
            sent_on=timezone.localdate() + datetime.timedelta(days=days),
        )
    agreement.refresh_from_db()
    assert agreement.status == "approved" and agreement.sent_on is None
