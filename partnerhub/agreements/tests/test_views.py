"""The agreement desk's pages: the list, an agreement, generating, the approval flow with the
signed copy, the template library with uploads, and the section on the partnership's page."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from partnerhub.agreements.models import Agreement, AgreementTemplate
from partnerhub.agreements.tests.factories import AgreementFactory, template_of
from partnerhub.agreements.tests.test_template_upload import BAD, GOOD, make_docx
from partnerhub.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

LIST = reverse("agreements:list")
LIBRARY = reverse("agreements:templates")


def detail(agreement):
    return reverse("agreements:detail", args=[agreement.pk])


def transition(agreement):
    return reverse("agreements:transition", args=[agreement.pk])


# --- The list ---------------------------------------------------------------------------------


def test_un_staff_see_the_list_with_filters(as_role, agreement):
    _user, client = as_role("legal_officer")
    response = client.get(LIST)
    assert response.status_code == 200
    assert agreement.partnership.title in response.content.decode()
    assert (
        agreement.partnership.title not in client.get(LIST, {"status": "signed"}).content.decode()
    )
    assert agreement.partnership.title in client.get(LIST, {"kind": "mou"}).content.decode()


@pytest.mark.parametrize("role", ["company_rep", "plain_user"])
def test_the_list_is_for_un_staff(as_role, role):
    _user, client = as_role(role)
    assert client.get(LIST).status_code == 403


def test_anonymous_goes_to_login(client, agreement):
    assert client.get(LIST).status_code == 302
    assert client.get(detail(agreement)).status_code == 302


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count(as_role, entity, rows, django_assert_max_num_queries):
    template = template_of()
    for _ in range(rows):
        AgreementFactory(
            partnership=PartnershipFactory(lead_entity=entity, status="agreement"),
            template=template,
        )
    _user, client = as_role("focal_point")
    client.get(LIST)
    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200


# --- One agreement ----------------------------------------------------------------------------


def test_the_partner_cannot_see_a_draft_but_sees_it_once_sent(as_role, agreement):
    _user, client = as_role("company_rep")
    assert client.get(detail(agreement)).status_code == 403
    Agreement.objects.filter(pk=agreement.pk).update(status="sent_for_signature")
    response = client.get(detail(agreement))
    assert response.status_code == 200
    assert response.context["actions"] == []
    assert response.context["deviation_form"] is None


def test_other_un_staff_read_but_have_nothing_to_do(as_role, agreement):
    _user, client = as_role("other_focal_point")
    response = client.get(detail(agreement))
    assert response.status_code == 200
    assert response.context["actions"] == []
    assert client.post(transition(agreement), {"to": "legal_review"}).status_code == 403


def test_strangers_cannot_read(as_role, agreement):
    _user, client = as_role("plain_user")
    assert client.get(detail(agreement)).status_code == 403


def test_unknown_agreement_404(as_role):
    _user, client = as_role("legal_officer")
    assert client.get(reverse("agreements:detail", args=[999999])).status_code == 404


def test_files_follow_the_agreements_visibility(as_role, agreement):
    agreement.pdf.save("a.pdf", SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), save=True)
    url = reverse("agreements:file", args=[agreement.pk, "pdf"])
    _user, client = as_role("focal_point")
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert client.get(reverse("agreements:file", args=[agreement.pk, "docx"])).status_code == 404
    assert client.get(reverse("agreements:file", args=[agreement.pk, "exe"])).status_code == 404
    _user, client = as_role("company_rep")
    assert client.get(url).status_code == 403


# --- Generating -------------------------------------------------------------------------------


def test_the_legal_officer_generates_from_the_form(as_role, partnership):
    url = reverse("agreements:generate", args=[partnership.pk])
    _user, client = as_role("legal_officer")
    assert client.get(url).status_code == 200
    optional = template_of("mou").template_clauses.filter(mandatory=False).first()
    response = client.post(
        url,
        {"template": template_of("mou").pk, "language": "fr", "optional_clauses": [optional.pk]},
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(agreement)
    assert agreement.language == "fr"
    assert list(agreement.optional_clauses.all()) == [optional]
    assert agreement.docx and agreement.pdf


def test_a_refusal_shows_on_the_form(as_role, partnership):
    partnership.status = "active"
    partnership.save()
    _user, client = as_role("legal_officer")
    response = client.post(
        reverse("agreements:generate", args=[partnership.pk]),
        {"template": template_of("mou").pk, "language": "en"},
    )
    assert response.status_code == 400
    assert "agreement stage" in response.content.decode()


@pytest.mark.parametrize("role", ["other_focal_point", "screening_officer", "company_rep"])
def test_others_cannot_open_the_form(as_role, partnership, role):
    _user, client = as_role(role)
    assert client.get(reverse("agreements:generate", args=[partnership.pk])).status_code == 403


# --- The approval flow, as the focal point and the legal officer do it -------------------------


def test_the_whole_flow_in_the_pages(as_role, partnership):
    _focal, focal = as_role("focal_point")
    focal.post(
        reverse("agreements:generate", args=[partnership.pk]),
        {"template": template_of("financial").pk, "language": "en"},
    )
    agreement = Agreement.objects.get()
    page = focal.get(detail(agreement))
    assert [a["to"] for a in page.context["actions"]] == ["legal_review", "cancelled"]
    focal.post(transition(agreement), {"to": "legal_review"})
    _legal, legal = as_role("legal_officer")
    response = legal.post(transition(agreement), {"to": "drafted", "note": ""})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "legal_review"
    legal.post(transition(agreement), {"to": "approved"})
    legal.post(transition(agreement), {"to": "sent_for_signature"})
    agreement.refresh_from_db()
    assert agreement.status == "sent_for_signature"
    page = legal.get(detail(agreement))
    assert page.context["signed_form"] is not None
    response = legal.post(
        transition(agreement),
        {
            "to": "signed",
            "signed_on": "2999-01-01",
            "signed_copy": SimpleUploadedFile("s.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 400
    assert "in the future" in response.content.decode()
    response = legal.post(
        transition(agreement),
        {
            "to": "signed",
            "signed_on": timezone.localdate().isoformat(),
            "signed_copy": SimpleUploadedFile("s.pdf", b"%PDF-1.4 signed"),
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    assert agreement.signed_copy
    page = legal.get(detail(agreement))
    labels = [str(e.label) for e in page.context["trail"]]
    assert "Agreement signed" in labels and "Agreement generated" in labels


def test_a_signed_copy_form_without_a_file_is_a_400(as_role, agreement):
    Agreement.objects.filter(pk=agreement.pk).update(status="sent_for_signature")
    _user, client = as_role("legal_officer")
    response = client.post(transition(agreement), {"to": "signed", "signed_on": "2026-01-01"})
    assert response.status_code == 400


def test_the_focal_point_may_not_record_the_signature(as_role, agreement):
    Agreement.objects.filter(pk=agreement.pk).update(status="sent_for_signature")
    _user, client = as_role("focal_point")
    response = client.post(
        transition(agreement),
        {
            "to": "signed",
            "signed_on": datetime.date(2026, 1, 1).isoformat(),
            "signed_copy": SimpleUploadedFile("s.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 403


def test_cancel_asks_for_confirmation(as_role, agreement):
    _user, client = as_role("focal_point")
    assert "Cancel this agreement?" in client.get(detail(agreement)).content.decode()


# --- The template library ---------------------------------------------------------------------


def test_the_library_lists_every_kind_with_its_clauses(as_role):
    _user, client = as_role("focal_point")
    response = client.get(LIBRARY)
    html = response.content.decode()
    for _value, label in AgreementTemplate.Kind.choices:
        assert str(label).replace("'", "&#x27;") in html
    assert response.context["form"] is None


def test_a_bad_upload_lists_its_problems(as_role):
    _user, client = as_role("legal_officer")
    response = client.post(
        reverse("agreements:template_upload"),
        {"kind": "mou", "docx_file": SimpleUploadedFile("mou.docx", make_docx(*BAD))},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "partner_ceo" in html and "Missing placeholder" in html
    assert template_of("mou").version == 1


def test_a_good_upload_is_put_in_force(as_role):
    _user, client = as_role("legal_officer")
    response = client.post(
        reverse("agreements:template_upload"),
        {"kind": "mou", "docx_file": SimpleUploadedFile("mou.docx", make_docx(*GOOD))},
    )
    assert response.status_code == 302
    assert template_of("mou").version == 2


@pytest.mark.parametrize("role", ["focal_point", "company_rep"])
def test_others_cannot_upload(as_role, role):
    _user, client = as_role(role)
    response = client.post(
        reverse("agreements:template_upload"),
        {"kind": "mou", "docx_file": SimpleUploadedFile("mou.docx", make_docx(*GOOD))},
    )
    assert response.status_code == 403


# --- The partnership page's section -----------------------------------------------------------


def _section(user, partnership):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load agreements_tags %}{% agreement_section partnership %}")
    return template.render(Context({"request": request, "partnership": partnership}))


def test_the_section_offers_generation_to_the_legal_officer(legal_officer, partnership):
    html = _section(legal_officer, partnership)
    assert "Generate the agreement" in html
    assert reverse("agreements:generate", args=[partnership.pk]) in html


def test_the_section_shows_the_current_agreement(focal_point, agreement):
    html = _section(focal_point, agreement.partnership)
    assert detail(agreement) in html
    assert "Drafted" in html


def test_the_section_hides_a_draft_from_the_partner(company_rep, agreement):
    html = _section(company_rep, agreement.partnership)
    assert detail(agreement) not in html
    assert "Generate" not in html


def test_no_generation_button_before_review(legal_officer, partnership):
    partnership.status = "due_diligence"
    partnership.save()
    assert "Generate the agreement" not in _section(legal_officer, partnership)


# --- What a new user ran into -------------------------------------------------------------------


def test_optional_clauses_of_another_kind_are_not_dropped_silently(as_role, partnership):
    _user, client = as_role("legal_officer")
    elsewhere = template_of("financial").template_clauses.filter(mandatory=False).first()
    response = client.post(
        reverse("agreements:generate", args=[partnership.pk]),
        {"template": template_of("mou").pk, "language": "en", "optional_clauses": [elsewhere.pk]},
    )
    assert response.status_code == 400
    assert "These clauses belong to another kind of agreement" in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_form_says_at_once_when_the_stage_is_wrong(as_role, partnership):
    partnership.status = "due_diligence"
    partnership.save()
    _user, client = as_role("legal_officer")
    response = client.get(reverse("agreements:generate", args=[partnership.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "once the partnership is in review or at the agreement stage" in html
    assert 'name="template"' not in html


def test_the_form_says_at_once_when_the_agreement_is_past_drafting(as_role, agreement):
    Agreement.objects.filter(pk=agreement.pk).update(status="approved")
    _user, client = as_role("legal_officer")
    url = reverse("agreements:generate", args=[agreement.partnership_id])
    html = client.get(url).content.decode()
    assert "Return it to drafted first" in html and detail(agreement) in html
    assert client.post(url, {"template": template_of().pk, "language": "en"}).status_code == 400


def test_the_page_shows_each_clause_as_the_agreement_words_it(as_role, agreement):
    _user, client = as_role("legal_officer")
    html = client.get(detail(agreement)).content.decode()
    assert "Read the clause as the agreement words it" in html
    # The purpose clause, its placeholders filled from the partnership.
    assert "Last-mile logistics for school meals" in html
    assert "{{ partner }}" not in html


def test_clause_titles_follow_the_language_of_the_page(as_role, agreement):
    _user, client = as_role("legal_officer")
    client.post(reverse("set_language"), {"language": "ar"})
    purpose = template_of().template_clauses.get(clause__code="purpose").clause
    html = client.get(detail(agreement)).content.decode()
    assert purpose.titles["ar"] in html
    assert purpose.titles["ar"] in client.get(LIBRARY).content.decode()


def test_a_note_too_long_is_named_as_such(as_role, agreement):
    _user, client = as_role("focal_point")
    response = client.post(
        transition(agreement), {"to": "legal_review", "note": "x" * 2001}, follow=True
    )
    assert "Keep the note under 2,000 characters." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "drafted"


def test_the_send_form_takes_the_day_it_was_sent(as_role, agreement):
    Agreement.objects.filter(pk=agreement.pk).update(status="approved")
    _user, client = as_role("legal_officer")
    html = client.get(detail(agreement)).content.decode()
    assert 'name="sent_on"' in html and 'for="sent-on"' in html
    response = client.post(
        transition(agreement), {"to": "sent_for_signature", "sent_on": "not a date"}, follow=True
    )
    assert "Enter the date it was sent as a valid date." in response.content.decode()
    today = timezone.localdate()
    client.post(transition(agreement), {"to": "sent_for_signature", "sent_on": today.isoformat()})
    agreement.refresh_from_db()
    assert agreement.status == "sent_for_signature" and agreement.sent_on == today


def test_the_list_pages_keep_the_filters(as_role, entity, settings):
    settings.PAGE_SIZE = 2
    for _ in range(3):
        AgreementFactory(partnership=PartnershipFactory(lead_entity=entity, status="agreement"))
    _user, client = as_role("focal_point")
    html = client.get(LIST, {"status": "drafted", "kind": "mou"}).content.decode()
    assert "Page 1 of 2" in html
    assert "status=drafted" in html and "kind=mou" in html and "page=2" in html
    assert client.get(LIST, {"status": "drafted", "page": "2"}).status_code == 200


def test_regenerating_offers_the_version_in_force(as_role, agreement):
    retired = agreement.template
    AgreementTemplate.objects.filter(pk=retired.pk).update(in_force=False)
    replacement = AgreementTemplate.objects.create(kind="mou", version=2, titles=retired.titles)
    _user, client = as_role("legal_officer")
    response = client.get(reverse("agreements:generate", args=[agreement.partnership_id]))
    assert response.context["form"].initial["template"] == replacement.pk
