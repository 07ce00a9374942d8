from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerhub.accounts.models import Role
from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory
from partnerhub.core.models import AuditEvent
from partnerhub.screening import services
from partnerhub.screening.models import Dismissal, Hit, Screening


@pytest.fixture
def second_officer(entity):
    user = UserFactory(email="screening2@wfp.example")
    MembershipFactory(user=user, role=Role.SCREENING_OFFICER, un_entity=entity)
    return user


def request(org, officer, entity, **kwargs):
    screening, _reused = services.screening_request(
        organisation=org, entity=entity, actor=officer, **kwargs
    )
    return screening


def test_a_listed_company_gets_an_explained_hit(un_new, listed_company, screening_officer, entity):
    screening = request(listed_company, screening_officer, entity)
    hit = screening.hits.get(entry__ref="IRe.002")
    assert hit.score >= 0.7
    assert hit.explanation["summary"]
    assert hit.explanation["features"]
    assert "2026-05-08" in hit.explanation["list_version"]
    assert screening.rating == "substantial"  # a pending UN hit is an indication to review
    assert not screening.excluded
    assert "To check before deciding" in screening.summary
    assert AuditEvent.objects.filter(verb="screening.requested").count() == 1


def test_a_clean_company_is_low_risk(un_new, clean_company, screening_officer, entity):
    screening = request(clean_company, screening_officer, entity)
    assert screening.hits.count() == 0
    assert screening.rating == "low"


def test_directors_are_screened_too(un_new, clean_company, screening_officer, entity):
    services.person_add(
        organisation=clean_company,
        actor=screening_officer,
        full_name="Gedo Hamdan Ahmed",
        role="director",
        nationality="SD",
    )
    screening = request(clean_company, screening_officer, entity)
    assert screening.hits.filter(entry__ref="SDi.007", subject="Gedo Hamdan Ahmed").exists()


def test_screening_needs_an_imported_list(db, clean_company, screening_officer, entity):
    with pytest.raises(ValidationError, match="import the UN list first"):
        request(clean_company, screening_officer, entity)


@pytest.mark.parametrize(
    "role", ["plain_user", "company_rep", "me_officer", "legal_officer", "country_coordinator"]
)
def test_only_screening_staff_and_focal_points_request(
    request_fixture_role, role, un_new, clean_company, entity
):
    actor = request_fixture_role(role)
    with pytest.raises(PermissionDenied):
        services.screening_request(organisation=clean_company, entity=entity, actor=actor)


@pytest.fixture
def request_fixture_role(request):
    return request.getfixturevalue


def test_dismissal_is_remembered_across_screenings(
    un_new, listed_company, screening_officer, entity
):
    first = request(listed_company, screening_officer, entity)
    hit = first.hits.get(entry__ref="IRe.002")
    services.hit_review(
        hit=hit,
        actor=screening_officer,
        review="dismissed",
        reason="Different country of registration and activity",
    )
    assert Dismissal.objects.filter(entry=hit.entry).exists()
    second = request(listed_company, screening_officer, entity, force_new=True)
    again = second.hits.get(entry__ref="IRe.002")
    assert again.review == Hit.Review.DISMISSED
    assert again.carried_over
    assert "Different country" in again.review_reason


def test_review_needs_a_reason_and_a_known_decision(
    un_new, listed_company, screening_officer, entity
):
    hit = request(listed_company, screening_officer, entity).hits.first()
    with pytest.raises(ValidationError):
        services.hit_review(hit=hit, actor=screening_officer, review="dismissed", reason="  ")
    with pytest.raises(ValidationError):
        services.hit_review(hit=hit, actor=screening_officer, review="maybe", reason="x")


def test_officers_of_other_entities_cannot_review(
    un_new, listed_company, screening_officer, entity, other_focal_point
):
    hit = request(listed_company, screening_officer, entity).hits.first()
    with pytest.raises(PermissionDenied):
        services.hit_review(hit=hit, actor=other_focal_point, review="dismissed", reason="x")


def test_confirmed_un_match_excludes_and_only_reject_is_possible(
    un_new, listed_company, screening_officer, second_officer, entity
):
    screening = request(listed_company, screening_officer, entity)
    for hit in screening.hits.all():
        services.hit_review(
            hit=hit,
            actor=screening_officer,
            review="confirmed",
            reason="Same name, country and address",
        )
    screening.refresh_from_db()
    assert screening.excluded
    assert screening.rating == "high"
    with pytest.raises(ValidationError, match="only possible decision is to reject"):
        services.screening_decide(
            screening=screening, actor=screening_officer, decision="approve", reason="ok"
        )
    services.screening_decide(
        screening=screening, actor=screening_officer, decision="reject", reason="Sanctioned"
    )
    screening.refresh_from_db()
    assert screening.status == Screening.Status.AWAITING_COSIGN
    with pytest.raises(ValidationError, match="someone other"):
        services.screening_cosign(screening=screening, actor=screening_officer)
    services.screening_cosign(screening=screening, actor=second_officer)
    screening.refresh_from_db()
    assert screening.status == Screening.Status.COMPLETED
    assert screening.valid_until == timezone.localdate() + datetime.timedelta(days=365)


def test_decision_waits_for_every_hit(un_new, listed_company, screening_officer, entity):
    screening = request(listed_company, screening_officer, entity)
    with pytest.raises(ValidationError, match="Review every hit first"):
        services.screening_decide(
            screening=screening, actor=screening_officer, decision="approve", reason="fine"
        )


def test_low_risk_approval_completes_without_cosign(
    un_new, clean_company, screening_officer, entity
):
    screening = request(clean_company, screening_officer, entity)
    services.screening_decide(
        screening=screening,
        actor=screening_officer,
        decision="approve_with_conditions",
        reason="Low risk",
        conditions="Annual review",
    )
    screening.refresh_from_db()
    assert screening.status == Screening.Status.COMPLETED
    with pytest.raises(ValidationError):
        services.screening_decide(
            screening=screening, actor=screening_officer, decision="approve", reason="again"
        )


def test_conditions_are_required_for_conditional_approval(
    un_new, clean_company, screening_officer, entity
):
    screening = request(clean_company, screening_officer, entity)
    with pytest.raises(ValidationError):
        services.screening_decide(
            screening=screening,
            actor=screening_officer,
            decision="approve_with_conditions",
            reason="ok",
        )


def test_a_completed_screening_is_reused_by_other_entities(
    un_new, clean_company, screening_officer, entity, other_focal_point, other_entity
):
    screening = request(clean_company, screening_officer, entity)
    services.screening_decide(
        screening=screening, actor=screening_officer, decision="approve", reason="clean"
    )
    reused, was_reused = services.screening_request(
        organisation=clean_company, entity=other_entity, actor=other_focal_point
    )
    assert was_reused and reused == screening
    Screening.objects.filter(pk=screening.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    fresh, was_reused = services.screening_request(
        organisation=clean_company, entity=other_entity, actor=other_focal_point
    )
    assert not was_reused and fresh != screening


def test_evidence_changes_the_rating(un_new, clean_company, screening_officer, entity):
    screening = request(clean_company, screening_officer, entity)
    services.evidence_record(
        organisation=clean_company,
        criterion="child_labour",
        summary="ILO finding 2025",
        source_url="https://example.org/ilo",
        actor=screening_officer,
    )
    screening.refresh_from_db()
    assert screening.excluded
    with pytest.raises(ValidationError):
        services.evidence_record(
            organisation=clean_company,
            criterion="astrology",
            summary="x",
            source_url="",
            actor=screening_officer,
        )


def test_entity_profile_amendments_within_limits(db, entity, screening_officer, focal_point):
    profile = services.criteria_amend(
        entity=entity,
        amendments={"gambling": {"exclusionary": True}},
        note="Mandate",
        actor=screening_officer,
    )
    assert profile.version == 1 and profile.is_current
    second = services.criteria_amend(
        entity=entity, amendments={"bms_code": {"enabled": True}}, note="", actor=screening_officer
    )
    assert second.version == 2
    profile.refresh_from_db()
    assert not profile.is_current
    with pytest.raises(ValidationError, match="cannot be switched off"):
        services.criteria_amend(
            entity=entity,
            amendments={"un_sanctions": {"enabled": False}},
            note="",
            actor=screening_officer,
        )
    with pytest.raises(PermissionDenied):
        services.criteria_amend(entity=entity, amendments={}, note="", actor=focal_point)


def test_shared_screening_rates_under_another_entitys_profile(
    un_new, db, screening_officer, entity, other_entity, admin
):
    from partnerhub.organisations.tests.factories import OrganisationFactory

    casino = OrganisationFactory(
        legal_name="Lucky Star Casino Resorts",
        country_id="MO",
        description="Casino and sports betting",
    )
    screening = request(casino, screening_officer, entity)
    assert not screening.excluded
    services.criteria_amend(
        entity=other_entity, amendments={"gambling": {"exclusionary": True}}, note="", actor=admin
    )
    other = services.assess_screening(screening, services.entity_profile(other_entity))
    assert other.rating in {"substantial", "high"}


def test_coordinator_publishes_a_new_baseline(db, coordinator, screening_officer, entity):
    import copy

    current = services.baseline_profile()
    document = copy.deepcopy(current.criteria)
    document["rating_thresholds"]["high"] = 70
    profile = services.criteria_baseline_publish(
        document=document, note="Raise the high threshold", actor=coordinator
    )
    assert profile.version == current.version + 1
    assert services.baseline_profile() == profile
    with pytest.raises(PermissionDenied):
        services.criteria_baseline_publish(document=document, note="", actor=screening_officer)
    with pytest.raises(ValidationError):
        services.criteria_baseline_publish(document={"criteria": []}, note="", actor=coordinator)


def test_new_baseline_limits_must_not_break_entity_amendments(
    db, coordinator, screening_officer, entity
):
    import copy

    services.criteria_amend(
        entity=entity, amendments={"gambling": {"weight": 90}}, note="", actor=screening_officer
    )
    document = copy.deepcopy(services.baseline_profile().criteria)
    gambling = next(c for c in document["criteria"] if c["code"] == "gambling")
    gambling["limits"]["max_weight"] = 80
    with pytest.raises(ValidationError, match="WFP"):
        services.criteria_baseline_publish(document=document, note="", actor=coordinator)


def test_reuse_ends_when_the_organisation_changes_its_name(
    un_new, clean_company, screening_officer, entity
):
    screening = request(clean_company, screening_officer, entity)
    services.screening_decide(
        screening=screening, actor=screening_officer, decision="approve", reason="clean"
    )
    clean_company.legal_name = "Korea Mining Development Trading Corporation"
    clean_company.country_id = "KP"
    clean_company.save()
    fresh, reused = services.screening_request(
        organisation=clean_company, entity=entity, actor=screening_officer
    )
    assert not reused
    assert fresh.hits.filter(entry__ref="KPe.001").exists()


def test_request_only_for_own_entity(un_new, clean_company, screening_officer, other_entity):
    with pytest.raises(PermissionDenied, match="only for your own entity"):
        services.screening_request(
            organisation=clean_company, entity=other_entity, actor=screening_officer
        )


def test_other_lists_are_reported_as_not_checked(un_new, clean_company, screening_officer, entity):
    screening = request(clean_company, screening_officer, entity)
    other = next(f for f in screening.findings if f["code"] == "other_sanctions")
    assert other["outcome"] == "not_checked"
    assert "Not checked" in screening.summary
