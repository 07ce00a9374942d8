from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerhub.screening import services
from partnerhub.screening.models import ListImport

from .conftest import UN_OLD

STAFF_PAGES = ["screening:index", "screening:lists", "screening:criteria"]


@pytest.mark.parametrize("page", STAFF_PAGES)
@pytest.mark.parametrize(
    "role", ["focal_point", "screening_officer", "country_coordinator", "coordinator", "admin"]
)
def test_un_staff_see_screening_pages(as_role, role, page, db):
    _user, client = as_role(role)
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize("page", STAFF_PAGES)
@pytest.mark.parametrize("role", ["plain_user", "company_rep"])
def test_companies_never_see_screening(as_role, role, page, db):
    _user, client = as_role(role)
    assert client.get(reverse(page)).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, db):
    assert client.get(reverse("screening:index")).status_code == 302


def test_upload_queues_an_import(as_role, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _user, client = as_role("screening_officer")
    upload = SimpleUploadedFile("un.xml", UN_OLD.read_bytes(), content_type="application/xml")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("screening:lists"), {"source": "un", "file": upload})
    assert response.status_code == 302
    record = ListImport.objects.get()
    assert record.status == ListImport.Status.QUEUED
    assert len(callbacks) == 1
    services.list_import_run(import_id=record.pk)
    record.refresh_from_db()
    assert record.status == ListImport.Status.SUCCEEDED
    page = client.get(reverse("screening:imports_status"))
    assert b"999" in page.content


def test_upload_denied_to_focal_points(as_role):
    _user, client = as_role("focal_point")
    upload = SimpleUploadedFile("un.xml", b"<x/>")
    assert (
        client.post(reverse("screening:lists"), {"source": "un", "file": upload}).status_code == 403
    )


def test_organisation_page_requests_a_screening(as_role, un_new, listed_company, entity):
    _user, client = as_role("screening_officer")
    url = reverse("screening:organisation", args=[listed_company.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "request", "request-entity": entity.pk})
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert b"IRe.002" in detail.content
    assert b"How the score was reached" in detail.content


def test_review_and_decide_through_the_pages(
    as_role, un_new, listed_company, entity, screening_officer
):
    screening, _ = services.screening_request(
        organisation=listed_company, entity=entity, actor=screening_officer
    )
    _user, client = as_role("screening_officer")
    for hit in screening.hits.all():
        client.post(
            reverse("screening:hit_review", args=[hit.pk]),
            {"review": "dismissed", "reason": "Different company"},
        )
    response = client.post(
        reverse("screening:decide", args=[screening.pk]),
        {"decision": "approve", "reason": "All hits dismissed"},
    )
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.status == "completed"


def test_list_version_page_shows_changes(as_role, un_old, un_new):
    _user, client = as_role("focal_point")
    response = client.get(reverse("screening:list_version", args=[un_new.pk]) + "?kind=added")
    assert response.status_code == 200
    assert b"SDi.007" in response.content
    assert (
        client.get(
            reverse("screening:list_version", args=[un_new.pk]) + "?kind=bogus&page=x"
        ).status_code
        == 200
    )


@pytest.mark.parametrize("rows", [1, 50])
def test_index_query_count_is_flat(
    as_role, un_new, entity, screening_officer, rows, django_assert_max_num_queries
):
    from partnerhub.organisations.tests.factories import OrganisationFactory

    for n in range(rows):
        services.screening_request(
            organisation=OrganisationFactory(legal_name=f"Clean Bakery {n}"),
            entity=entity,
            actor=screening_officer,
        )
    _user, client = as_role("screening_officer")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("screening:index")).status_code == 200


def test_screening_officer_amends_own_entity_criteria(as_role, entity):
    _user, client = as_role("screening_officer")
    page = client.get(reverse("screening:criteria") + "?entity=WFP")
    assert b"Publish new version" in page.content
    form = {"entity": "WFP", "note": "Our mandate excludes gambling"}
    for code in [
        "un_sanctions",
        "other_sanctions",
        "weapons",
        "tobacco",
        "pornography",
        "gambling",
        "banned_substances",
        "human_rights",
        "forced_labour",
        "child_labour",
        "global_compact",
        "controversies",
    ]:
        form[f"{code}-enabled"] = "on"
    for code in [
        "un_sanctions",
        "weapons",
        "tobacco",
        "pornography",
        "gambling",
        "banned_substances",
        "human_rights",
        "forced_labour",
        "child_labour",
        "bms_code",
    ]:
        form[f"{code}-exclusionary"] = "on"
    response = client.post(reverse("screening:criteria"), form)
    assert response.status_code == 302
    from partnerhub.screening.models import CriteriaProfile

    profile = CriteriaProfile.objects.get(un_entity=entity, is_current=True)
    assert profile.criteria == {"gambling": {"exclusionary": True}}


def test_relaxing_a_locked_criterion_is_refused_with_a_message(as_role, entity):
    _user, client = as_role("screening_officer")
    response = client.post(
        reverse("screening:criteria"), {"entity": "WFP", "note": ""}, follow=True
    )
    assert "cannot be switched off" in response.content.decode()
    from partnerhub.screening.models import CriteriaProfile

    assert not CriteriaProfile.objects.filter(un_entity=entity).exists()


def test_officers_cannot_amend_other_entities(as_role, other_entity):
    _user, client = as_role("screening_officer")
    response = client.post(reverse("screening:criteria"), {"entity": "UNHCR"}, follow=True)
    assert "cannot amend" in response.content.decode()


@pytest.mark.parametrize(
    ("birth_date", "nationality", "error"),
    [
        ("2020-13-45", "KE", "not a real date"),
        ("1850", "KE", "between 1900"),
        ("1970", "ZZ", "not an ISO country code"),
    ],
)
def test_person_form_refuses_impossible_values(
    as_role, clean_company, birth_date, nationality, error
):
    _user, client = as_role("screening_officer")
    response = client.post(
        reverse("screening:organisation", args=[clean_company.pk]),
        {
            "action": "person",
            "person-full_name": "Jane Doe",
            "person-role": "director",
            "person-birth_date": birth_date,
            "person-nationality": nationality,
        },
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not clean_company.people.exists()


def test_an_officer_with_one_entity_has_it_preselected(as_role, clean_company, entity):
    _user, client = as_role("screening_officer")
    page = client.get(reverse("screening:organisation", args=[clean_company.pk])).content.decode()
    assert f'<option value="{entity.pk}" selected>' in page
