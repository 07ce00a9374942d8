"""Posting, editing and moving a need: /marketplace/needs/new/, .../edit/, .../status/, and the
SDG suggestion endpoint the forms use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.marketplace.models import Need
from partnerhub.marketplace.tests.factories import NeedFactory

pytestmark = pytest.mark.django_db
CREATE = reverse("marketplace:need_create")
SUGGEST = reverse("marketplace:suggest_sdgs")

TEXT = {
    "title": "Training for women hibiscus farmers in Sudan",
    "description": "Agricultural extension and training for smallholder women farmers to "
    "improve yields, food security and incomes.",
}


def _data(entity, **extra):
    return {**TEXT, "entity": entity.pk, "visibility": "public", **extra}


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(CREATE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ["plain_user", "company_rep", "screening_officer", "coordinator"])
def test_only_focal_points_post_needs(as_role, role):
    _user, client = as_role(role)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {}).status_code == 403


def test_the_form_preselects_the_focal_points_entity(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.get(CREATE)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<option value="{entity.pk}" selected>' in content
    assert "Suggest SDGs from the text" in content
    assert 'value="publish"' in content and 'value="draft"' in content


def test_publishing_a_need(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.post(
        CREATE, _data(entity, sdgs=["2", "5"], countries=["SD"], action="publish")
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == need.get_absolute_url()
    assert need.status == Need.Status.OPEN
    assert need.entity == entity
    assert {g.pk for g in need.sdgs.all()} == {2, 5}
    assert need.sdg_suggestions, "the tagger's suggestions are stored for the page"
    page = client.get(need.get_absolute_url()).content.decode()
    assert "SDGs suggested from the text" in page


def test_saving_a_draft(as_role, entity):
    _user, client = as_role("focal_point")
    client.post(CREATE, _data(entity, action="draft"))
    assert Need.objects.get().status == Need.Status.DRAFT


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"estimated_value_usd": "-5"}, "estimated_value_usd", "greater than or equal to 0"),
        ({"estimated_value_usd": "lots"}, "estimated_value_usd", "Enter a number."),
        (
            {"starts_on": "2026-05-01", "ends_on": "2026-04-01"},
            "ends_on",
            "The end date is before the start date.",
        ),
        ({"contact_email": "not-an-email"}, "contact_email", "valid email"),
        ({"visibility": "secret"}, "visibility", "Select a valid choice."),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
    ],
)
def test_bad_input_is_refused_with_a_visible_error(as_role, entity, extra, field, message):
    _user, client = as_role("focal_point")
    response = client.post(CREATE, _data(entity, action="publish", **extra))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message.split("“")[0] in response.content.decode()
    assert not Need.objects.exists()


def test_a_target_of_an_unchosen_goal_is_explained(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.post(CREATE, _data(entity, sdgs=["5"], sdg_targets=["2.1"]))
    assert response.status_code == 400
    assert "belong to goals not chosen above" in response.content.decode()
    assert not Need.objects.exists()


def test_a_focal_point_cannot_post_for_another_entity(as_role, other_entity):
    _user, client = as_role("focal_point")
    response = client.post(CREATE, _data(other_entity))
    assert response.status_code == 400
    assert "entity" in response.context["form"].errors


# --- Edit -------------------------------------------------------------------------------------


@pytest.fixture
def need(entity):
    return NeedFactory(entity=entity, title="Old title", sdgs=[2])


def _edit(need):
    return reverse("marketplace:need_edit", args=[need.pk])


def test_the_focal_point_edits_the_need(as_role, need):
    _user, client = as_role("focal_point")
    page = client.get(_edit(need))
    assert page.status_code == 200
    assert 'value="Old title"' in page.content.decode()
    response = client.post(
        _edit(need), {**TEXT, "visibility": "un_only", "sdgs": ["2"], "sdg_targets": ["2.3"]}
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == TEXT["title"]
    assert need.visibility == "un_only"
    assert [t.pk for t in need.sdg_targets.all()] == ["2.3"]


@pytest.mark.parametrize(("role", "status"), [("other_focal_point", 403), ("company_rep", 403)])
def test_others_cannot_edit(as_role, need, role, status):
    _user, client = as_role(role)
    assert client.get(_edit(need)).status_code == status
    assert client.post(_edit(need), {**TEXT, "visibility": "public"}).status_code == status
    need.refresh_from_db()
    assert need.title == "Old title"


def test_a_withdrawn_need_is_not_edited(as_role, need):
    need.status = Need.Status.WITHDRAWN
    need.save()
    _user, client = as_role("focal_point")
    response = client.post(_edit(need), {**TEXT, "visibility": "public"})
    assert response.status_code == 400
    assert "can no longer be edited" in response.content.decode()


# --- Status -----------------------------------------------------------------------------------


def _status(need):
    return reverse("marketplace:need_transition", args=[need.pk])


def test_the_focal_point_withdraws_the_need(as_role, need):
    _user, client = as_role("focal_point")
    response = client.post(
        _status(need), {"to": "withdrawn", "note": "Funded elsewhere"}, follow=True
    )
    need.refresh_from_db()
    assert need.status == Need.Status.WITHDRAWN
    assert "The need is now withdrawn." in response.content.decode()


def test_a_forbidden_transition_is_explained(as_role, need):
    need.status = Need.Status.DRAFT
    need.save()
    _user, client = as_role("focal_point")
    response = client.post(_status(need), {"to": "filled"}, follow=True)
    need.refresh_from_db()
    assert need.status == Need.Status.DRAFT
    assert "cannot become filled" in response.content.decode()


def test_an_unknown_status_is_explained(as_role, need):
    _user, client = as_role("focal_point")
    response = client.post(_status(need), {"to": "bogus"}, follow=True)
    assert "Unknown status." in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("other_focal_point", 403), ("company_rep", 403)])
def test_others_cannot_move_the_need(as_role, need, role, status):
    _user, client = as_role(role)
    assert client.post(_status(need), {"to": "withdrawn"}).status_code == status
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN


def test_status_changes_are_post_only(as_role, need):
    _user, client = as_role("focal_point")
    assert client.get(_status(need)).status_code == 405


# --- SDG suggestions --------------------------------------------------------------------------


def test_suggestions_check_the_goals_and_show_the_evidence(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.post(SUGGEST, {**TEXT, "sdgs": ["17"]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="sdg-block"' in content
    checked = set(response.context["form"].initial["sdgs"])
    assert 17 in checked, "goals already checked stay checked"
    assert checked - {17}, "the tagger adds goals from the text"
    assert "Suggested:" in content


def test_suggestions_without_text_say_so(as_role, entity):
    _user, client = as_role("focal_point")
    response = client.post(SUGGEST, {"title": "", "description": ""})
    assert "Write a title or description first" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("plain_user", 403), ("screening_officer", 403)]
)
def test_only_authors_ask_for_suggestions(as_role, role, status):
    _user, client = as_role(role)
    assert client.post(SUGGEST, TEXT).status_code == status


def test_suggestions_are_post_only(as_role):
    _user, client = as_role("focal_point")
    assert client.get(SUGGEST).status_code == 405
