"""Due diligence: entering it requests screenings; leaving it needs every private partner
cleared by a valid, approved screening."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from partnerhub.core.models import AuditEvent
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.services import partnership_transition
from partnerhub.partnerships.tests.factories import PartnerFactory, screening_of
from partnerhub.screening.models import Screening


def _at(partnership, status):
    Partnership.objects.filter(pk=partnership.pk).update(status=status)
    partnership.refresh_from_db()
    return partnership


def test_leaving_due_diligence_without_a_screening_is_refused(partnership, screening_officer):
    _at(partnership, "due_diligence")
    with pytest.raises(ValidationError) as refused:
        partnership_transition(partnership=partnership, to="review", actor=screening_officer)
    assert "Trucks for Good Ltd: not screened yet" in str(refused.value)
    partnership.refresh_from_db()
    assert partnership.status == "due_diligence"


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"status": "in_review"}, "still in review"),
        ({"decision": "reject"}, "decided: reject"),
        ({"valid_days": -1}, "expired"),
    ],
)
def test_a_screening_that_does_not_clear_is_refused_with_its_reason(
    partnership, entity, organisation, screening_officer, kwargs, reason
):
    screening_of(organisation, entity, **kwargs)
    _at(partnership, "due_diligence")
    with pytest.raises(ValidationError, match=reason):
        partnership_transition(partnership=partnership, to="review", actor=screening_officer)


def test_a_screening_of_the_company_before_its_details_changed_does_not_clear(
    partnership, entity, organisation, screening_officer
):
    screening_of(organisation, entity)
    organisation.legal_name = "Trucks for Good Holdings Ltd"
    organisation.save()
    _at(partnership, "due_diligence")
    with pytest.raises(ValidationError, match="changed since it was screened"):
        partnership_transition(partnership=partnership, to="review", actor=screening_officer)


def test_every_private_partner_must_be_cleared(
    partnership, entity, organisation, screening_officer
):
    screening_of(organisation, entity)
    second = OrganisationFactory(legal_name="Second Haulage Ltd")
    PartnerFactory(partnership=partnership, organisation=second)
    PartnerFactory(partnership=partnership, role="other")  # other partners are not screened
    _at(partnership, "due_diligence")
    with pytest.raises(ValidationError) as refused:
        partnership_transition(partnership=partnership, to="review", actor=screening_officer)
    assert "Second Haulage Ltd" in str(refused.value)
    assert "Trucks for Good" not in str(refused.value)


def test_approved_with_conditions_clears_and_another_entitys_screening_is_reused(
    partnership, other_entity, organisation, screening_officer
):
    screening_of(organisation, other_entity, decision="approve_with_conditions")
    _at(partnership, "due_diligence")
    outcome = partnership_transition(partnership=partnership, to="review", actor=screening_officer)
    assert outcome.partnership.status == "review"


def test_entering_due_diligence_reuses_a_valid_screening(
    partnership, entity, organisation, focal_point
):
    existing = screening_of(organisation, entity)
    _at(partnership, "proposed")
    outcome = partnership_transition(partnership=partnership, to="due_diligence", actor=focal_point)
    [result] = outcome.screenings
    assert (result.screening, result.reused) == (existing, True)
    event = AuditEvent.objects.get(verb="partnership.screenings_requested")
    assert event.details["screenings"][0]["reused"] is True
    assert Screening.objects.count() == 1


def test_entering_due_diligence_requests_a_new_screening(
    partnership, organisation, focal_point, entity
):
    from pathlib import Path

    from partnerhub.screening.lists import import_snapshot_bytes

    data = Path(__file__).resolve().parents[2] / "screening" / "data"
    snapshot = sorted(data.glob("un_sc_consolidated_*.xml"))[-1]
    assert import_snapshot_bytes(source="un", data=snapshot.read_bytes()).version is not None
    _at(partnership, "proposed")
    outcome = partnership_transition(partnership=partnership, to="due_diligence", actor=focal_point)
    [result] = outcome.screenings
    assert result.reused is False
    assert result.screening.organisation == organisation
    assert result.screening.requesting_entity == entity
    assert AuditEvent.objects.filter(verb="screening.requested").count() == 1


def test_due_diligence_cannot_start_when_nothing_can_be_screened(partnership, focal_point):
    _at(partnership, "proposed")
    with pytest.raises(ValidationError, match="no sanctions list has been imported"):
        partnership_transition(partnership=partnership, to="due_diligence", actor=focal_point)
    partnership.refresh_from_db()
    assert partnership.status == "proposed"
