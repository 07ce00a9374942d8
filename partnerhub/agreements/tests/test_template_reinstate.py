"""template_reinstate: a retired version goes back in force and the one in force retires; the
way back to the built-in layout once a DOCX replaced it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from partnerhub.agreements.models import AgreementTemplate
from partnerhub.agreements.services import agreement_generate, template_reinstate, template_upload
from partnerhub.agreements.tests.factories import template_of
from partnerhub.agreements.tests.test_generate_service import docx_text
from partnerhub.agreements.tests.test_template_upload import GOOD, make_docx, upload
from partnerhub.core.models import AuditEvent
from partnerhub.results.tests.api_helpers import Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def built_in(legal_officer):
    """The shipped MOU (built-in layout), retired by an upload."""
    built_in = template_of("mou")
    template_upload(kind="mou", docx_file=upload(make_docx(*GOOD)), actor=legal_officer)
    built_in.refresh_from_db()
    return built_in


def test_the_built_in_layout_comes_back(built_in, legal_officer, partnership):
    template_reinstate(template=built_in, actor=legal_officer)
    assert template_of("mou") == built_in
    assert AgreementTemplate.objects.get(kind="mou", version=2).in_force is False
    event = AuditEvent.objects.get(verb="agreement.template_reinstated")
    assert event.details == {"kind": "mou", "version": 1, "replaced_version": 2}
    agreement = agreement_generate(
        partnership=partnership,
        template=template_of("mou"),
        language="en",
        optional_clause_ids=[],
        actor=legal_officer,
    )
    assert "WFP STANDARD MOU 2026" not in docx_text(agreement.docx.read())


def test_the_version_in_force_is_not_reinstated_again(legal_officer):
    with pytest.raises(ValidationError, match="already the one in force"):
        template_reinstate(template=template_of("mou"), actor=legal_officer)


@pytest.mark.parametrize("role", ["focal_point", "company_rep", "plain_user"])
def test_only_legal_officers_and_administrators(request, built_in, role):
    with pytest.raises(PermissionDenied):
        template_reinstate(template=built_in, actor=request.getfixturevalue(role))
    assert template_of("mou").version == 2


def test_the_library_page_offers_it(as_role, built_in):
    _user, client = as_role("legal_officer")
    url = reverse("agreements:template_reinstate", args=[built_in.pk])
    assert url in client.get(reverse("agreements:templates")).content.decode()
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Version 1 of “Memorandum of understanding” is now in force." in (
        response.content.decode()
    )
    assert template_of("mou") == built_in


@pytest.mark.parametrize("role", ["focal_point", "company_rep"])
def test_the_page_refuses_others(as_role, built_in, role):
    _user, client = as_role(role)
    assert client.post(
        reverse("agreements:template_reinstate", args=[built_in.pk])
    ).status_code == (403)
    assert (
        reverse("agreements:template_reinstate", args=[built_in.pk])
        not in client.get(reverse("agreements:templates")).content.decode()
    )


def test_the_api_does_it_too(legal_officer, focal_point, built_in):
    assert (
        Api(focal_point, "/api/agreements").post(f"/templates/{built_in.pk}/reinstate").status_code
        == 403
    )
    client = Api(legal_officer, "/api/agreements")
    assert client.post("/templates/999999/reinstate").status_code == 404
    response = client.post(f"/templates/{built_in.pk}/reinstate")
    assert response.status_code == 200
    assert response.json()["in_force"] is True and response.json()["version"] == 1
    assert client.post(f"/templates/{built_in.pk}/reinstate").status_code == 400


def test_a_version_that_fails_todays_checks_stays_retired(legal_officer, built_in):
    # Accepted before uploads were tried out in the sandbox.
    unsafe = AgreementTemplate(kind="mou", version=3, in_force=False)
    unsafe.docx.save(
        "unsafe.docx", ContentFile(make_docx(*GOOD, "{{ title.__class__ }}")), save=True
    )
    with pytest.raises(ValidationError) as refused:
        template_reinstate(template=unsafe, actor=legal_officer)
    assert refused.value.messages[0] == "This version cannot be put back in force:"
    assert "unsafe" in refused.value.messages[1]
    assert template_of("mou").version == 2
