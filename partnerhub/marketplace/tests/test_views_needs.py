"""The needs list and a need's page: /marketplace/needs/ and /marketplace/needs/<pk>/."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partnerhub.marketplace.models import Need
from partnerhub.marketplace.tests.factories import InterestFactory, NeedFactory, OfferFactory
from partnerhub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
LIST = reverse("marketplace:need_list")


@pytest.fixture
def needs(entity, other_entity):
    return {
        "public": NeedFactory(
            entity=entity,
            title="Trucks for the Horn of Africa",
            sdgs=[2],
            countries=["KE"],
            resource_types=["logistics"],
        ),
        "un_only": NeedFactory(entity=entity, title="Secret warehouse", visibility="un_only"),
        "draft": NeedFactory(
            entity=entity, title="Draft training", status=Need.Status.DRAFT, published_at=None
        ),
        "other": NeedFactory(entity=other_entity, title="Shelter kits", sdgs=[11]),
        "closed": NeedFactory(entity=other_entity, title="Old closed need", status="closed"),
    }


def _titles(response):
    return {need.title for need in response.context["page_obj"].object_list}


def test_it_shows_the_public_open_needs_to_everyone(client, needs):
    response = client.get(LIST)
    assert response.status_code == 200
    assert _titles(response) == {"Trucks for the Horn of Africa", "Shelter kits"}
    assert "2 needs found" in response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "plain_user", "company_rep"])
def test_outsiders_never_see_un_only_or_draft_needs(as_role, needs, role):
    _user, client = as_role(role)
    for status in ["", "open", "draft"]:
        titles = _titles(client.get(LIST, {"status": status}))
        assert "Secret warehouse" not in titles
        assert "Draft training" not in titles


@pytest.mark.parametrize("role", ["screening_officer", "other_focal_point", "coordinator"])
def test_un_staff_see_un_only_needs(as_role, needs, role):
    _user, client = as_role(role)
    assert "Secret warehouse" in _titles(client.get(LIST))


def test_a_focal_point_finds_the_drafts_of_their_entity_only(as_role, needs):
    _user, client = as_role("focal_point")
    assert _titles(client.get(LIST, {"status": "draft"})) == {"Draft training"}
    _user, client = as_role("other_focal_point")
    assert _titles(client.get(LIST, {"status": "draft"})) == set()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "horn AFRICA"}, {"Trucks for the Horn of Africa"}),
        ({"sdg": "11"}, {"Shelter kits"}),
        ({"country": "KE"}, {"Trucks for the Horn of Africa"}),
        ({"resource_type": "logistics"}, {"Trucks for the Horn of Africa"}),
        ({"status": "closed"}, {"Old closed need"}),
    ],
)
def test_filters(client, needs, params, expected):
    assert _titles(client.get(LIST, params)) == expected


def test_a_bad_filter_value_is_explained_not_a_500(client, needs):
    response = client.get(LIST, {"sdg": "99", "country": "<script>", "page": "x"})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main")[1].split("</form>")[0]


def test_htmx_gets_only_the_results(client, needs):
    response = client.get(LIST, {"q": "shelter"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<html" not in content
    assert "Shelter kits" in content
    assert "HX-Request" in response["Vary"]


def test_it_paginates(client, needs, settings):
    settings.PAGE_SIZE = 1
    first = client.get(LIST)
    assert len(first.context["page_obj"].object_list) == 1
    assert "Page 1 of 2" in first.content.decode()
    assert client.get(LIST, {"page": 2}).status_code == 200


def test_empty_state(client, db):
    assert "No need matches this search." in client.get(LIST, {"q": "nothing"}).content.decode()


def test_the_save_search_form_is_offered_to_signed_in_users_only(as_role, needs):
    _user, client = as_role("company_rep")
    content = client.get(LIST, {"q": "trucks"}).content.decode()
    assert reverse("marketplace:saved_search_create") in content
    assert 'name="q" value="trucks"' in content
    _user, client = as_role("anonymous")
    assert reverse("marketplace:saved_search_create") not in client.get(LIST).content.decode()


def test_it_renders_arabic_right_to_left(client, needs):
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(
    as_role, entity, rows, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 100
    NeedFactory.create_batch(
        rows, entity=entity, sdgs=[2], countries=["KE"], resource_types=["logistics"]
    )
    _user, client = as_role("focal_point")
    with django_assert_max_num_queries(17):
        response = client.get(LIST)
    assert len(response.context["page_obj"].object_list) == rows


# --- Detail -----------------------------------------------------------------------------------


def _detail(need):
    return reverse("marketplace:need_detail", args=[need.pk])


def test_anyone_reads_a_public_need(client, needs):
    need = needs["public"]
    need.sdg_suggestions = [
        {
            "goal": 2,
            "score": 0.8,
            "evidence": ["food", "hunger"],
            "targets": [{"code": "2.1", "score": 0.5, "evidence": ["food"]}],
        },
    ]
    need.save()
    response = client.get(_detail(need))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Trucks for the Horn of Africa" in content
    assert "<mark>hunger</mark>" in content
    assert "Matching offers" not in content
    assert "Audit trail" not in content
    assert "Sign in as a company representative" in content


@pytest.mark.parametrize(
    ("role", "need", "status"),
    [
        ("anonymous", "un_only", 404),
        ("company_rep", "un_only", 404),
        ("screening_officer", "un_only", 200),
        ("anonymous", "draft", 404),
        ("other_focal_point", "draft", 404),
        ("company_rep", "draft", 404),
        ("focal_point", "draft", 200),
        ("coordinator", "draft", 200),
        ("anonymous", "closed", 200),
    ],
)
def test_who_may_read_which_need(as_role, needs, role, need, status):
    _user, client = as_role(role)
    assert client.get(_detail(needs[need])).status_code == status


def test_an_unknown_need_is_a_404(client, db):
    assert client.get(reverse("marketplace:need_detail", args=[999999])).status_code == 404


def test_the_entity_sees_ranked_matching_offers_with_reasons(as_role, needs):
    OfferFactory(
        title="Fleet of trucks for Kenya", sdgs=[2], countries=["KE"], resource_types=["logistics"]
    )
    _user, client = as_role("focal_point")
    response = client.get(_detail(needs["public"]))
    content = response.content.decode()
    assert "Matching offers" in content
    assert "Fleet of trucks for Kenya" in content
    assert response.context["matches"][0].components
    assert reverse("core:audit_trail", args=["marketplace", "need", needs["public"].pk]) in content


@pytest.mark.parametrize("role", ["company_rep", "other_focal_point", "anonymous"])
def test_outsiders_do_not_see_matching_offers(as_role, needs, role):
    _user, client = as_role(role)
    assert client.get(_detail(needs["public"])).context["matches"] is None


def test_the_entity_sees_every_interest_and_a_company_only_its_own(as_role, needs, organisation):
    need = needs["public"]
    InterestFactory(need=need, organisation=organisation, message="We have forty trucks.")
    InterestFactory(
        need=need, organisation=OrganisationFactory(legal_name="Rival Hauliers"), message="Us too."
    )
    _user, client = as_role("focal_point")
    content = client.get(_detail(need)).content.decode()
    assert "We have forty trucks." in content and "Us too." in content
    assert "Take forward" in content
    _user, client = as_role("company_rep")
    content = client.get(_detail(need)).content.decode()
    assert "We have forty trucks." in content
    assert "Us too." not in content
    assert "Take forward" not in content
    _user, client = as_role("screening_officer")
    content = client.get(_detail(need)).content.decode()
    assert "Us too." in content and "Take forward" not in content


def test_a_company_rep_gets_the_express_interest_form(as_role, needs, organisation):
    OfferFactory(organisation=organisation, title="Our fleet")
    _user, client = as_role("company_rep")
    content = client.get(_detail(needs["public"])).content.decode()
    assert reverse("marketplace:need_interest", args=[needs["public"].pk]) in content
    assert "Our fleet" in content
    assert "Trucks for Good Ltd" in content


def test_no_interest_form_on_a_closed_need_or_for_un_staff(as_role, needs):
    _user, client = as_role("company_rep")
    assert client.get(_detail(needs["closed"])).context["interest_form"] is None
    _user, client = as_role("focal_point")
    assert client.get(_detail(needs["public"])).context["interest_form"] is None


def test_the_owner_gets_the_allowed_transitions(as_role, needs):
    _user, client = as_role("focal_point")
    actions = {a["to"] for a in client.get(_detail(needs["public"])).context["actions"]}
    assert actions == {"in_discussion", "filled", "closed", "withdrawn"}
    draft_actions = {a["to"] for a in client.get(_detail(needs["draft"])).context["actions"]}
    assert draft_actions == {"open", "withdrawn"}
    _user, client = as_role("other_focal_point")
    assert client.get(_detail(needs["public"])).context["actions"] == []


def test_query_count_of_the_detail_page_is_bounded(as_role, needs, django_assert_max_num_queries):
    for _ in range(5):
        InterestFactory(need=needs["public"], organisation=OrganisationFactory())
    _user, client = as_role("focal_point")
    with django_assert_max_num_queries(40):
        assert client.get(_detail(needs["public"])).status_code == 200


def test_anonymous_post_to_interest_goes_to_login(needs):
    response = Client().post(reverse("marketplace:need_interest", args=[needs["public"].pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
