"""Every move of the lifecycle, allowed and refused per role (workflows.TRANSITIONS)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.core.models import AuditEvent
from partnerhub.notifications.models import Notification
from partnerhub.partnerships import workflows
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.services import partnership_transition
from partnerhub.partnerships.tests.factories import satisfy_every_guard, screening_of
from partnerhub.partnerships.workflows import Actor

ROLE_ACTORS = {
    "focal_point": {Actor.FOCAL_POINT},
    "screening_officer": {Actor.SCREENING_OFFICER},
    "legal_officer": {Actor.LEGAL_OFFICER},
    "coordinator": {Actor.COORDINATOR},
    "admin": {Actor.ADMINISTRATOR},
    "other_focal_point": set(),
    "me_officer": set(),
    "company_rep": set(),
}
CASES = [(frm, to, role) for (frm, to) in workflows.TRANSITIONS for role in ROLE_ACTORS]


@pytest.fixture
def cleared_partnership(partnership, entity, organisation):
    """A partnership every guard lets through: its partner cleared, a completed cost–benefit
    review and a KPI fit for review, a signed agreement, and what closure needs."""
    screening_of(organisation, entity)
    satisfy_every_guard(partnership)
    return partnership


@pytest.mark.parametrize(("frm", "to", "role"), CASES)
def test_each_move_per_role(request, cleared_partnership, frm, to, role):
    user = request.getfixturevalue(role)
    Partnership.objects.filter(pk=cleared_partnership.pk).update(status=frm)
    move = workflows.TRANSITIONS[(frm, to)]
    if move.actors & ROLE_ACTORS[role]:
        outcome = partnership_transition(
            partnership=cleared_partnership, to=to, actor=user, note="ok"
        )
        assert outcome.partnership.status == to
        event = AuditEvent.objects.get(verb="partnership.status_changed")
        assert event.details == {"from": frm, "to": to, "note": "ok"}
        return
    with pytest.raises(PermissionDenied):
        partnership_transition(partnership=cleared_partnership, to=to, actor=user)
    cleared_partnership.refresh_from_db()
    assert cleared_partnership.status == frm
    assert not AuditEvent.objects.filter(verb="partnership.status_changed").exists()


def test_a_move_not_in_the_table_is_refused_with_the_states_named(partnership, admin):
    with pytest.raises(ValidationError, match="cannot move from “Draft” to “Active”"):
        partnership_transition(partnership=partnership, to="active", actor=admin)


def test_an_unknown_status_is_refused(partnership, admin):
    with pytest.raises(ValidationError, match="Unknown status"):
        partnership_transition(partnership=partnership, to="celebrated", actor=admin)


def test_the_refusal_names_who_may_move(partnership, screening_officer):
    with pytest.raises(PermissionDenied, match="focal points of the lead entity"):
        partnership_transition(partnership=partnership, to="proposed", actor=screening_officer)


def test_proposing_needs_a_summary_and_a_private_partner(focal_point, entity):
    from partnerhub.partnerships.tests.factories import PartnershipFactory

    empty = PartnershipFactory(lead_entity=entity, summary="")
    with pytest.raises(ValidationError) as refused:
        partnership_transition(partnership=empty, to="proposed", actor=focal_point)
    assert "write a summary" in str(refused.value)
    assert "add at least one private partner" in str(refused.value)


def test_a_move_notifies_the_focal_points_and_the_partners_representatives(
    partnership, focal_point, company_rep, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        partnership_transition(partnership=partnership, to="proposed", actor=admin)
    assert set(Notification.objects.values_list("user__email", flat=True)) == {
        focal_point.email,
        company_rep.email,
    }
    assert len(mail.outbox) == 1


def test_the_actor_is_not_told_of_their_own_move(partnership, focal_point, company_rep):
    partnership_transition(partnership=partnership, to="proposed", actor=focal_point)
    assert list(Notification.objects.values_list("user__email", flat=True)) == [company_rep.email]


def test_someone_who_cannot_see_a_draft_cannot_move_it(partnership, other_focal_point):
    with pytest.raises(PermissionDenied):
        partnership_transition(partnership=partnership, to="withdrawn", actor=other_focal_point)


def test_the_officers_whose_turn_it_is_are_told(
    cleared_partnership, focal_point, screening_officer, legal_officer
):
    Partnership.objects.filter(pk=cleared_partnership.pk).update(status="proposed")
    partnership_transition(partnership=cleared_partnership, to="due_diligence", actor=focal_point)
    told = set(Notification.objects.values_list("user__email", flat=True))
    assert screening_officer.email in told
    assert legal_officer.email not in told
    Notification.objects.all().delete()
    Partnership.objects.filter(pk=cleared_partnership.pk).update(status="review")
    partnership_transition(partnership=cleared_partnership, to="agreement", actor=focal_point)
    told = set(Notification.objects.values_list("user__email", flat=True))
    assert legal_officer.email in told
    assert screening_officer.email not in told
    title = Notification.objects.filter(user=legal_officer).get().title
    assert title.endswith("Review → Agreement")


def test_an_unknown_status_lists_the_valid_ones(partnership, admin):
    with pytest.raises(ValidationError, match="Use one of: draft, proposed"):
        partnership_transition(partnership=partnership, to="celebrated", actor=admin)
