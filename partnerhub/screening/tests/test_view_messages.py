"""Every successful POST action on the screening pages confirms itself with a message."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone

from partnerhub.accounts.models import Role
from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory
from partnerhub.screening import services
from partnerhub.screening.models import Alert, Screening

from .conftest import UN_OLD
from .test_batch import GOOD


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _request(org, officer, entity) -> Screening:
    screening, _reused = services.screening_request(organisation=org, entity=entity, actor=officer)
    return screening


def test_dismissing_a_hit_says_so(as_role, un_new, listed_company, entity, screening_officer):
    hit = _request(listed_company, screening_officer, entity).hits.first()
    _user, client = as_role("screening_officer")
    response = client.post(
        reverse("screening:hit_review", args=[hit.pk]),
        {"review": "dismissed", "reason": "Different company"},
    )
    assert _messages(response) == ["Possible match dismissed."]
    hit.refresh_from_db()
    assert hit.review == "dismissed"


def test_confirming_a_hit_says_so(as_role, un_new, listed_company, entity, screening_officer):
    hit = _request(listed_company, screening_officer, entity).hits.first()
    _user, client = as_role("screening_officer")
    response = client.post(
        reverse("screening:hit_review", args=[hit.pk]),
        {"review": "confirmed", "reason": "Same address"},
    )
    assert _messages(response) == ["Possible match confirmed."]


def test_a_refused_review_gives_no_success_message(
    as_role, un_new, listed_company, entity, screening_officer
):
    hit = _request(listed_company, screening_officer, entity).hits.first()
    _user, client = as_role("screening_officer")
    response = client.post(reverse("screening:hit_review", args=[hit.pk]), {"review": "x"})
    assert _messages(response) == ["Choose confirm or dismiss, and give a reason."]


def test_recording_a_decision_says_so(as_role, un_new, listed_company, entity, screening_officer):
    screening = _request(listed_company, screening_officer, entity)
    for hit in screening.hits.all():
        services.hit_review(hit=hit, actor=screening_officer, review="dismissed", reason="No")
    _user, client = as_role("screening_officer")
    response = client.post(
        reverse("screening:decide", args=[screening.pk]),
        {"decision": "approve", "reason": "All hits dismissed"},
    )
    assert _messages(response) == ["Decision recorded."]


def test_co_signing_says_so(client, un_new, listed_company, entity, screening_officer):
    screening = _request(listed_company, screening_officer, entity)
    for hit in screening.hits.all():
        services.hit_review(hit=hit, actor=screening_officer, review="confirmed", reason="Same")
    services.screening_decide(
        screening=screening, actor=screening_officer, decision="reject", reason="Sanctioned"
    )
    second = UserFactory(email="screening2@wfp.example")
    MembershipFactory(user=second, role=Role.SCREENING_OFFICER, un_entity=entity)
    client.force_login(second)
    response = client.post(reverse("screening:cosign", args=[screening.pk]))
    assert _messages(response) == ["Co-signed: the screening is completed."]


def test_acknowledging_an_alert_says_so(
    as_role, un_old, un_new, listed_company, entity, screening_officer
):
    screening = _request(listed_company, screening_officer, entity)
    alert = Alert.objects.create(
        screening=screening, hit=screening.hits.first(), list_version=un_new, reason="new"
    )
    _user, client = as_role("screening_officer")
    response = client.post(reverse("screening:alert_acknowledge", args=[alert.pk]))
    assert _messages(response) == ["Alert acknowledged."]
    alert.refresh_from_db()
    assert alert.acknowledged_by is not None


def test_importing_a_list_says_so(as_role):
    _user, client = as_role("screening_officer")
    upload = SimpleUploadedFile("un.xml", UN_OLD.read_bytes(), content_type="application/xml")
    response = client.post(reverse("screening:lists"), {"source": "un", "file": upload})
    assert _messages(response) == ["“un.xml” is queued for import."]


def test_amending_criteria_says_so(as_role, entity):
    _user, client = as_role("screening_officer")
    form = {"entity": "WFP", "note": "Stricter on gambling"}
    for criterion in services.baseline_profile().criteria["criteria"]:
        if criterion.get("enabled", True):
            form[f"{criterion['code']}-enabled"] = "on"
        if criterion["exclusionary"] or criterion["code"] == "gambling":
            form[f"{criterion['code']}-exclusionary"] = "on"
    response = client.post(reverse("screening:criteria"), form)
    assert response.status_code == 302
    assert _messages(response) == ["New criteria version published for WFP."]


def test_requesting_a_screening_says_so(as_role, un_new, clean_company, entity):
    _user, client = as_role("screening_officer")
    response = client.post(
        reverse("screening:organisation", args=[clean_company.pk]),
        {"action": "request", "request-entity": entity.pk},
    )
    assert _messages(response) == ["Screening requested."]


def test_adding_a_person_says_so(as_role, clean_company):
    _user, client = as_role("screening_officer")
    response = client.post(
        reverse("screening:organisation", args=[clean_company.pk]),
        {"action": "person", "person-full_name": "Jane Doe", "person-role": "director"},
    )
    assert _messages(response) == ["Person added; they are screened with the organisation."]


def test_starting_a_batch_says_so(as_role):
    _user, client = as_role("screening_officer")
    upload = SimpleUploadedFile("partners.csv", GOOD.encode(), content_type="text/csv")
    response = client.post(reverse("screening:batch"), {"file": upload})
    assert response.status_code == 302
    assert _messages(response) == ["Batch screening started."]


def test_pages_use_the_project_date_format(
    as_role, un_new, listed_company, entity, screening_officer
):
    screening = _request(listed_company, screening_officer, entity)
    _user, client = as_role("screening_officer")
    page = client.get(screening.get_absolute_url()).content.decode()
    created = timezone.localtime(screening.created_at)
    assert formats.date_format(created, "DATE_FORMAT") in page
    assert formats.date_format(created, "SHORT_DATE_FORMAT") not in page
