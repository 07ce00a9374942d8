"""Ongoing monitoring: a list update re-screens engaged organisations against the changed
entries only, and only new or changed hits raise alerts."""

from __future__ import annotations

from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.screening import services
from partnerhub.screening.lists import import_snapshot_bytes
from partnerhub.screening.models import Alert, Hit, Screening

from .conftest import UN_NEW


def test_new_listing_raises_an_alert_for_an_engaged_organisation(
    un_old, screening_officer, entity, django_capture_on_commit_callbacks, mailoutbox
):
    from django.core import mail

    org = OrganisationFactory(legal_name="Darfur Transport Cooperative", country_id="SD")
    services.person_add(
        organisation=org, actor=screening_officer, full_name="Gedo Hamdan Ahmed", role="director"
    )
    screening, _ = services.screening_request(
        organisation=org, entity=entity, actor=screening_officer
    )
    assert not screening.hits.filter(entry__ref="SDi.007").exists()  # not listed yet in January
    services.screening_decide(
        screening=screening, actor=screening_officer, decision="approve", reason="clean"
    )

    version = import_snapshot_bytes(source="un", data=UN_NEW.read_bytes()).version
    with django_capture_on_commit_callbacks(execute=True):
        alerts = services.monitoring_rescreen(version_id=version.pk)

    assert alerts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [screening_officer.email]
    assert "SDi.007" in mail.outbox[0].body
    alert = Alert.objects.get()
    assert alert.reason == "new"
    assert alert.hit.entry.ref == "SDi.007"
    screening.refresh_from_db()
    assert screening.status == Screening.Status.IN_REVIEW  # back to review until the hit is handled


def test_unchanged_dismissed_hits_do_not_come_back(
    un_old, listed_company, screening_officer, entity
):
    screening, _ = services.screening_request(
        organisation=listed_company, entity=entity, actor=screening_officer
    )
    for hit in screening.hits.all():
        services.hit_review(
            hit=hit, actor=screening_officer, review="dismissed", reason="Different company"
        )
    services.screening_decide(
        screening=screening, actor=screening_officer, decision="approve", reason="All dismissed"
    )
    before = screening.hits.count()

    version = import_snapshot_bytes(source="un", data=UN_NEW.read_bytes()).version
    services.monitoring_rescreen(version_id=version.pk)

    changed_refs = set(version.changes.values_list("entry__ref", flat=True))
    expected_alerts = Alert.objects.filter(screening=screening)
    for alert in expected_alerts:
        assert alert.hit.entry.ref in changed_refs
    if "IRe.002" not in changed_refs:
        assert not expected_alerts.filter(hit__entry__ref="IRe.002").exists()
        assert screening.hits.count() == before + expected_alerts.count()
    assert screening.hits.filter(review=Hit.Review.DISMISSED).count() >= 1


def test_organisations_without_engagement_are_not_rescreened(un_old):
    OrganisationFactory(legal_name="Gedo Hamdan Ahmed Trading", country_id="SD")
    version = import_snapshot_bytes(source="un", data=UN_NEW.read_bytes()).version
    assert services.monitoring_rescreen(version_id=version.pk) == 0
    assert not Alert.objects.exists()


def _dismiss_all(screening, officer):
    for hit in screening.hits.all():
        services.hit_review(hit=hit, actor=officer, review="dismissed", reason="Different person")


def test_dismissals_survive_a_list_update_when_the_entry_is_unchanged(
    un_old, listed_company, screening_officer, entity
):
    org = listed_company
    screening, _ = services.screening_request(
        organisation=org, entity=entity, actor=screening_officer
    )
    assert screening.hits.filter(entry__ref="IRe.002").exists()
    _dismiss_all(screening, screening_officer)
    services.screening_decide(
        screening=screening, actor=screening_officer, decision="approve", reason="ok"
    )

    version = import_snapshot_bytes(source="un", data=UN_NEW.read_bytes()).version
    assert not version.changes.filter(entry__ref="IRe.002").exists()  # unchanged entry
    services.monitoring_rescreen(version_id=version.pk)
    assert not Alert.objects.filter(hit__entry__ref="IRe.002").exists()

    again, _ = services.screening_request(
        organisation=org, entity=entity, actor=screening_officer, force_new=True
    )
    carried = again.hits.get(entry__ref="IRe.002")
    assert carried.review == Hit.Review.DISMISSED and carried.carried_over


def test_a_dismissed_hit_comes_back_when_the_listed_entry_changes(
    un_old, screening_officer, entity
):
    org = OrganisationFactory(legal_name="Kandahar Dried Fruit Exporters", country_id="AF")
    services.person_add(
        organisation=org,
        actor=screening_officer,
        full_name="Mohammad Hassan Akhund",
        role="director",
        nationality="AF",
    )
    screening, _ = services.screening_request(
        organisation=org, entity=entity, actor=screening_officer
    )
    assert screening.hits.filter(entry__ref="TAi.002").exists()
    _dismiss_all(screening, screening_officer)
    services.screening_decide(
        screening=screening, actor=screening_officer, decision="approve", reason="ok"
    )

    version = import_snapshot_bytes(source="un", data=UN_NEW.read_bytes()).version
    assert version.changes.filter(entry__ref="TAi.002", kind="amended").exists()
    services.monitoring_rescreen(version_id=version.pk)

    alert = Alert.objects.get(hit__entry__ref="TAi.002")
    assert alert.reason == "changed"
    assert alert.hit.review == Hit.Review.PENDING  # the old dismissal no longer applies
    screening.refresh_from_db()
    assert screening.status == Screening.Status.IN_REVIEW


def test_reopening_clears_the_earlier_decision(un_old, screening_officer, entity):
    org = OrganisationFactory(legal_name="Darfur Transport Cooperative", country_id="SD")
    services.person_add(
        organisation=org, actor=screening_officer, full_name="Gedo Hamdan Ahmed", role="director"
    )
    screening, _ = services.screening_request(
        organisation=org, entity=entity, actor=screening_officer
    )
    services.screening_decide(
        screening=screening, actor=screening_officer, decision="approve", reason="clean"
    )
    version = import_snapshot_bytes(source="un", data=UN_NEW.read_bytes()).version
    services.monitoring_rescreen(version_id=version.pk)
    screening.refresh_from_db()
    assert screening.status == Screening.Status.IN_REVIEW
    assert (screening.decision, screening.decided_by, screening.valid_until) == ("", None, None)
    assert version in screening.list_versions.all()
