"""Ongoing monitoring: a list update re-screens engaged organisations against the changed
entries only, and only new or changed hits raise alerts."""

from __future__ import annotations

from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.screening import services
from partnerhub.screening.lists import import_snapshot_bytes
from partnerhub.screening.models import Alert, Hit, Screening

from .conftest import UN_NEW


def test_new_listing_raises_an_alert_for_an_engaged_organisation(un_old, screening_officer, entity):
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
    alerts = services.monitoring_rescreen(version_id=version.pk)

    assert alerts == 1
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
