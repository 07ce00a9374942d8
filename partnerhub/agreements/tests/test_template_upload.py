"""template_upload: a DOCX with checked placeholders becomes the version in force; a bad one
is refused with every problem listed, and the version in force stays so."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.agreements.models import AgreementTemplate
from partnerhub.agreements.services import agreement_generate, template_upload
from partnerhub.agreements.tests.factories import template_of
from partnerhub.agreements.tests.test_generate_service import docx_text
from partnerhub.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def make_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


GOOD = (
    "WFP STANDARD MOU 2026 {{ title }}",
    "{% for p in parties %}{{ p.name }} ({{ p.role }}); {% endfor %}",
    "{% for c in clauses %}{{ c.number }}. {{ c.heading }}: {{ c.text }} {% endfor %}",
)
BAD = ("{{ title }} {{ partner_ceo }} {{ budget_code }}",)


def upload(content: bytes, name: str = "mou.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_a_good_template_becomes_the_version_in_force(legal_officer):
    previous = template_of("mou")
    clauses = list(previous.template_clauses.values_list("clause_id", "position", "mandatory"))
    new = template_upload(
        kind="mou", docx_file=upload(make_docx(*GOOD)), actor=legal_officer, notes="2026 wording"
    )
    previous.refresh_from_db()
    assert not previous.in_force
    assert new.in_force and new.version == previous.version + 1
    assert sorted(new.template_clauses.values_list("clause_id", "position", "mandatory")) == sorted(
        clauses
    )
    assert AuditEvent.objects.get(verb="agreement.template_uploaded").details["version"] == 2


def test_agreements_then_use_the_uploaded_layout(partnership, legal_officer):
    template = template_upload(kind="mou", docx_file=upload(make_docx(*GOOD)), actor=legal_officer)
    agreement = agreement_generate(
        partnership=partnership,
        template=template,
        language="en",
        optional_clause_ids=[],
        actor=legal_officer,
    )
    body = docx_text(agreement.docx.read())
    assert "WFP STANDARD MOU 2026" in body
    assert "Trucks for Good Ltd" in body


def test_unknown_and_missing_placeholders_are_all_listed_and_nothing_changes(legal_officer):
    before = template_of("mou")
    with pytest.raises(ValidationError) as refused:
        template_upload(kind="mou", docx_file=upload(make_docx(*BAD)), actor=legal_officer)
    problems = " ".join(refused.value.messages)
    assert "version in force stays in force" in problems
    assert "partner_ceo" in problems and "budget_code" in problems
    assert "Missing placeholder {{ parties }}" in problems
    assert "Missing placeholder {{ clauses }}" in problems
    assert template_of("mou") == before
    assert AgreementTemplate.objects.filter(kind="mou").count() == 1
    assert not AuditEvent.objects.filter(verb="agreement.template_uploaded").exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("mou.pdf", b"%PDF-1.4", "as a .docx file"),
        ("mou.docx", b"", "empty"),
        ("mou.docx", b"%PDF-1.4 pretending", "not a valid DOCX"),
        ("mou.docx", b"PK\x03\x04 broken zip", "not a Word"),
    ],
)
def test_files_that_are_not_docx_are_refused(legal_officer, name, content, message):
    with pytest.raises(ValidationError, match=message):
        template_upload(kind="mou", docx_file=upload(content, name), actor=legal_officer)
    assert template_of("mou").version == 1


def test_unknown_kind_is_refused(legal_officer):
    with pytest.raises(ValidationError, match="Unknown kind"):
        template_upload(kind="loan", docx_file=upload(make_docx(*GOOD)), actor=legal_officer)


def test_a_legal_officer_of_any_entity_may_upload(other_entity):
    from partnerhub.accounts.models import Role
    from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory

    officer = UserFactory(email="legal@unhcr.example")
    MembershipFactory(user=officer, role=Role.LEGAL_OFFICER, un_entity=other_entity)
    template_upload(kind="financial", docx_file=upload(make_docx(*GOOD)), actor=officer)


def test_an_administrator_may(admin):
    template_upload(kind="mou", docx_file=upload(make_docx(*GOOD)), actor=admin)


@pytest.mark.parametrize(
    "role", ["focal_point", "screening_officer", "me_officer", "coordinator", "company_rep"]
)
def test_others_may_not(request, role):
    with pytest.raises(PermissionDenied, match="legal officers"):
        template_upload(
            kind="mou", docx_file=upload(make_docx(*GOOD)), actor=request.getfixturevalue(role)
        )


def test_a_template_that_fails_when_filled_is_refused_on_upload(legal_officer):
    # It used to be accepted, put in force, and then break every agreement of its kind.
    broken = make_docx(
        "{{ title }} {% for p in parties %}{{ p.name }}{% endfor %}",
        "{% for c in clauses %}{{ c.heading }}{% endfor %} {{ labels.missing.deeper }}",
    )
    with pytest.raises(ValidationError) as refused:
        template_upload(kind="mou", docx_file=upload(broken), actor=legal_officer)
    assert "could not be filled with a sample agreement" in " ".join(refused.value.messages)
    assert template_of("mou").version == 1


def test_a_template_reaching_for_python_internals_is_refused(legal_officer):
    evil = make_docx(*GOOD, "{{ title.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(ValidationError, match="unsafe"):
        template_upload(kind="mou", docx_file=upload(evil), actor=legal_officer)
    assert AgreementTemplate.objects.filter(kind="mou").count() == 1


def test_a_stored_template_that_fails_is_reported_in_words(partnership, legal_officer):
    # Templates stored before uploads were tried out, or broken by a library update.
    template = template_of("mou")
    template.docx.save(
        "old.docx", ContentFile(make_docx(*GOOD, "{% include 'letterhead.docx' %}")), save=True
    )
    with pytest.raises(ValidationError, match="could not be filled"):
        agreement_generate(
            partnership=partnership,
            template=template,
            language="en",
            optional_clause_ids=[],
            actor=legal_officer,
        )
    assert not partnership.agreements.exists()


def test_the_placeholders_a_template_may_use_are_listed_once(legal_officer):
    with pytest.raises(ValidationError) as refused:
        template_upload(kind="mou", docx_file=upload(make_docx(*BAD)), actor=legal_officer)
    messages = refused.value.message_dict["docx_file"]
    assert messages[0].startswith("The template was refused")
    assert "Unknown placeholder {{ budget_code }}." in messages
    assert "Unknown placeholder {{ partner_ceo }}." in messages
    assert sum("Templates may use only" in m for m in messages) == 1
