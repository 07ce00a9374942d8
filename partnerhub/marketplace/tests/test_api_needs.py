from __future__ import annotations

import pytest

from partnerhub.marketplace.models import Need
from partnerhub.marketplace.tests.api_helpers import Api
from partnerhub.marketplace.tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def needs(entity, other_entity):
    return {
        "public": NeedFactory(entity=entity, title="Trucks for Kenya", sdgs=[2], countries=["KE"]),
        "un_only": NeedFactory(
            entity=entity, title="Confidential warehousing", visibility="un_only"
        ),
        "draft": NeedFactory(
            entity=entity, title="Draft cold chain", status=Need.Status.DRAFT, published_at=None
        ),
        "other": NeedFactory(
            entity=other_entity, title="Shelter kits", sdgs=[11], countries=["SD"]
        ),
        "filled": NeedFactory(entity=other_entity, title="Filled boats", status=Need.Status.FILLED),
    }


def titles(response):
    assert response.status_code == 200, response.content
    return sorted(n["title"] for n in response.json()["results"])


# --- List -----------------------------------------------------------------------------------


def test_it_lists_public_open_needs_to_anonymous(needs):
    assert titles(Api(None).get("/needs")) == ["Shelter kits", "Trucks for Kenya"]


def test_company_reps_see_only_public_needs(needs, company_rep):
    assert titles(Api(company_rep).get("/needs")) == ["Shelter kits", "Trucks for Kenya"]


def test_un_staff_see_un_only_needs(needs, country_coordinator):
    assert titles(Api(country_coordinator).get("/needs")) == [
        "Confidential warehousing",
        "Shelter kits",
        "Trucks for Kenya",
    ]


def test_drafts_only_for_the_entity(needs, focal_point, other_focal_point, coordinator):
    assert titles(Api(focal_point).get("/needs", status="draft")) == ["Draft cold chain"]
    assert titles(Api(other_focal_point).get("/needs", status="draft")) == []
    assert titles(Api(coordinator).get("/needs", status="draft")) == ["Draft cold chain"]
    assert titles(Api(None).get("/needs", status="draft")) == []


def test_a_session_does_not_replace_the_token(needs, focal_point):
    api = Api(None)
    api.client.force_login(focal_point)
    assert titles(api.get("/needs")) == ["Shelter kits", "Trucks for Kenya"]


def test_a_bad_token_is_refused_not_ignored(needs):
    api = Api(None)
    api.headers["HTTP_AUTHORIZATION"] = "Bearer ph_nonsense"
    response = api.get("/needs")
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "kenya trucks"}, ["Trucks for Kenya"]),
        ({"entity": "UNHCR"}, ["Shelter kits"]),
        ({"entity": "wfp"}, ["Trucks for Kenya"]),
        ({"country": "ke"}, ["Trucks for Kenya"]),
        ({"sdg": "11"}, ["Shelter kits"]),
        ({"status": "filled"}, ["Filled boats"]),
        ({"q": "nothing"}, []),
    ],
)
def test_it_filters(needs, params, expected):
    body = Api(None).get("/needs", **params).json()
    assert sorted(n["title"] for n in body["results"]) == expected
    assert body["count"] == len(expected)


def test_it_shows_the_fields(needs):
    body = Api(None).get("/needs", q="kenya").json()
    need = body["results"][0]
    assert need["entity"] == "WFP"
    assert need["entity_name"] == "World Food Programme"
    assert need["sdgs"] == [2]
    assert need["countries"] == ["KE"]
    assert need["visibility"] == "public"
    assert need["url"] == needs["public"].get_absolute_url()


def test_it_paginates(needs):
    body = Api(None).get("/needs", page_size=1, page=2).json()
    assert body["count"] == 2
    assert body["page_size"] == 1
    assert len(body["results"]) == 1


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        ({"country": "ZZ"}, 400, "country:"),
        ({"entity": "NOPE"}, 400, "No UN entity has the acronym 'NOPE'"),
        ({"status": "bogus"}, 400, "status:"),
        ({"sdg": "99"}, 400, "sdg:"),
        ({"resource_type": "spaceships"}, 400, "resource_type:"),
        ({"q": "x" * 300}, 400, "q:"),
        ({"page": "0"}, 422, "page"),
        ({"page": "abc"}, 422, "page"),
        ({"page_size": "0"}, 422, "page_size"),
    ],
)
def test_bad_parameters_are_4xx_with_detail(needs, params, status, detail):
    response = Api(None).get("/needs", **params)
    assert response.status_code == status
    assert detail in response.json()["detail"]


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_does_not_grow(entity, django_assert_max_num_queries, rows):
    NeedFactory.create_batch(
        rows, entity=entity, sdgs=[2], countries=["KE"], resource_types=["logistics"]
    )
    api = Api(None)
    # Count, page, five vocabularies.
    with django_assert_max_num_queries(7):
        response = api.get("/needs", page_size=100)
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_with_a_token(entity, focal_point, django_assert_max_num_queries, rows):
    NeedFactory.create_batch(rows, entity=entity, sdgs=[2], countries=["KE"])
    api = Api(focal_point)
    # Token, its last use, memberships, count, page, five vocabularies.
    with django_assert_max_num_queries(10):
        response = api.get("/needs", page_size=100)
    assert response.json()["count"] == rows


# --- Detail ---------------------------------------------------------------------------------


def test_detail_of_a_public_need(needs):
    response = Api(None).get(f"/needs/{needs['public'].pk}")
    assert response.status_code == 200
    assert response.json()["title"] == "Trucks for Kenya"


@pytest.mark.parametrize("role", ["anonymous", "company_rep", "plain_user"])
def test_un_only_needs_are_hidden_from_outsiders(needs, as_role, role):
    user, _client = as_role(role)
    response = Api(user).get(f"/needs/{needs['un_only'].pk}")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_un_only_needs_are_shown_to_un_staff(needs, legal_officer):
    assert Api(legal_officer).get(f"/needs/{needs['un_only'].pk}").status_code == 200


@pytest.mark.parametrize("need_id", ["999999", str(2**70)])
def test_missing_needs_are_404(db, need_id):
    response = Api(None).get(f"/needs/{need_id}")
    assert response.status_code == 404
    assert response.json()["detail"]


# --- Create ---------------------------------------------------------------------------------

VALID = {
    "entity": "WFP",
    "title": "Cold chain for vaccines",
    "description": "Refrigerated trucks to move vaccines from Mombasa to Turkana.",
    "resource_types": ["logistics", "in-kind-goods"],
    "sdgs": [3],
    "sdg_targets": ["3.8"],
    "countries": ["ke"],
    "regions": ["014"],
    "estimated_value_usd": "125000.50",
    "starts_on": "2026-07-01",
    "ends_on": "2026-12-31",
    "contact_name": "Amina Njoroge",
    "contact_email": "amina@wfp.example",
    "visibility": "un_only",
}


def test_a_focal_point_posts_a_draft(focal_point):
    response = Api(focal_point).post("/needs", VALID)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["entity"] == "WFP"
    assert body["resource_types"] == ["in-kind-goods", "logistics"]
    assert body["sdg_targets"] == ["3.8"]
    assert body["countries"] == ["KE"]
    assert body["regions"] == ["014"]
    assert body["estimated_value_usd"] == 125000.5
    assert body["visibility"] == "un_only"
    need = Need.objects.get(pk=body["id"])
    assert need.created_by == focal_point
    assert need.published_at is None


def test_a_focal_point_publishes_at_once(focal_point):
    body = Api(focal_point).post("/needs", {**VALID, "publish": True}).json()
    assert body["status"] == "open"
    assert body["published_at"] is not None


def test_only_the_required_fields(focal_point):
    response = Api(focal_point).post(
        "/needs", {"entity": "WFP", "title": "Boats", "description": "Boats for floods."}
    )
    assert response.status_code == 201
    assert response.json()["visibility"] == "public"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("plain_user", 403),
        ("company_rep", 403),
        ("screening_officer", 403),
        ("other_focal_point", 403),
    ],
)
def test_others_may_not_post_needs_for_wfp(entity, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).post("/needs", VALID)
    assert response.status_code == status
    assert response.json()["detail"]
    assert not Need.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "detail"),
    [
        ({"resource_types": ["spaceships", "logistics", "rockets"]}, 400, "spaceships, rockets"),
        ({"sdgs": [3, 18]}, 400, "Unknown SDG numbers: 18"),
        ({"sdg_targets": ["3.8", "99.9"]}, 400, "99.9"),
        ({"countries": ["KE", "ZZ"]}, 400, "Unknown country codes: ZZ"),
        ({"regions": ["999"]}, 400, "Unknown region codes: 999"),
        ({"sdg_targets": ["2.1"]}, 400, "2.1 belong to goals not chosen"),
        ({"ends_on": "2026-01-01"}, 400, "end date is before the start date"),
        ({"entity": "NOPE"}, 400, "NOPE"),
        ({"title": "   "}, 422, "title"),
        ({"title": "x" * 201}, 422, "title"),
        ({"description": ""}, 422, "description"),
        ({"contact_email": "not-an-email"}, 422, "e-mail"),
        ({"visibility": "secret"}, 422, "visibility"),
        ({"estimated_value_usd": "-1"}, 422, "estimated_value_usd"),
        ({"estimated_value_usd": "1.234"}, 422, "estimated_value_usd"),
        ({"starts_on": "yesterday"}, 422, "starts_on"),
        ({"sdgs": "three"}, 422, "sdgs"),
    ],
)
def test_bad_input_is_4xx_naming_the_problem(focal_point, change, status, detail):
    response = Api(focal_point).post("/needs", {**VALID, **change})
    assert response.status_code == status, response.content
    assert detail in response.json()["detail"]
    assert not Need.objects.exists()


def test_unknown_codes_of_several_fields_are_all_named(focal_point):
    response = Api(focal_point).post(
        "/needs", {**VALID, "countries": ["ZZ"], "resource_types": ["rockets"]}
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"countries", "resource_types"}


def test_malformed_json_is_4xx(focal_point):
    api = Api(focal_point)
    response = api.client.post(
        "/api/marketplace/needs", "{not json", content_type="application/json", **api.headers
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


# --- Update ---------------------------------------------------------------------------------


def test_a_focal_point_changes_only_what_is_sent(needs, focal_point):
    need = needs["public"]
    response = Api(focal_point).patch(f"/needs/{need.pk}", {"title": "Trucks for Turkana"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Trucks for Turkana"
    assert body["sdgs"] == [2]
    assert body["countries"] == ["KE"]


def test_targets_alone_are_checked_against_the_needs_goals(needs, focal_point):
    need = needs["public"]
    api = Api(focal_point)
    assert api.patch(f"/needs/{need.pk}", {"sdg_targets": ["2.1"]}).json()["sdg_targets"] == ["2.1"]
    refused = api.patch(f"/needs/{need.pk}", {"sdg_targets": ["3.8"]})
    assert refused.status_code == 400
    assert "3.8" in refused.json()["detail"]


def test_one_date_is_checked_against_the_other(needs, focal_point):
    need = needs["public"]
    api = Api(focal_point)
    assert api.patch(f"/needs/{need.pk}", {"starts_on": "2026-06-01"}).status_code == 200
    refused = api.patch(f"/needs/{need.pk}", {"ends_on": "2026-05-01"})
    assert refused.status_code == 400
    assert "end date" in refused.json()["detail"]


def test_null_for_a_required_field_is_refused(needs, focal_point):
    response = Api(focal_point).patch(f"/needs/{needs['public'].pk}", {"title": None})
    assert response.status_code == 400
    assert "title" in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("company_rep", 403),
        ("other_focal_point", 403),
        ("screening_officer", 403),
    ],
)
def test_others_may_not_change_a_need(needs, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).patch(f"/needs/{needs['public'].pk}", {"title": "Hacked"})
    assert response.status_code == status
    needs["public"].refresh_from_db()
    assert needs["public"].title == "Trucks for Kenya"


def test_drafts_of_other_entities_are_404(needs, other_focal_point):
    response = Api(other_focal_point).patch(f"/needs/{needs['draft'].pk}", {"title": "x"})
    assert response.status_code == 404


# --- Transition -----------------------------------------------------------------------------


def test_a_focal_point_publishes_a_draft(needs, focal_point):
    response = Api(focal_point).post(f"/needs/{needs['draft'].pk}/transition", {"to": "open"})
    assert response.status_code == 200
    assert response.json()["status"] == "open"


@pytest.mark.parametrize(
    ("to", "detail"),
    [("filled", "A need that is draft cannot become filled."), ("bogus", "Unknown status.")],
)
def test_a_refused_transition_says_why(needs, focal_point, to, detail):
    response = Api(focal_point).post(f"/needs/{needs['draft'].pk}/transition", {"to": to})
    assert response.status_code == 400
    assert response.json()["detail"] == detail


def test_a_long_note_is_refused(needs, focal_point):
    response = Api(focal_point).post(
        f"/needs/{needs['public'].pk}/transition", {"to": "closed", "note": "x" * 2001}
    )
    assert response.status_code == 422
    assert "note" in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("company_rep", 403), ("other_focal_point", 403), ("coordinator", 403)],
)
def test_others_may_not_close_a_need(needs, as_role, role, status):
    user, _client = as_role(role)
    response = Api(user).post(f"/needs/{needs['public'].pk}/transition", {"to": "closed"})
    assert response.status_code == status
    needs["public"].refresh_from_db()
    assert needs["public"].status == "open"
