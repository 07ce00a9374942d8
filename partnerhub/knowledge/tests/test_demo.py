"""load_knowledge_demo: public guides and tools written from the hub's own rules and data."""

from __future__ import annotations

import io

import pytest

from partnerhub.accounts.models import Role
from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory
from partnerhub.core import filecheck as attachments
from partnerhub.knowledge.demo import load_knowledge_demo
from partnerhub.knowledge.models import Lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    coordinator = UserFactory(email="coordinator@demo.example")
    MembershipFactory(user=coordinator, role=Role.SYSTEM_COORDINATOR)
    return {"coordinator": coordinator}


def test_it_loads_public_guides_and_tools_once(users):
    assert load_knowledge_demo(users) == {"knowledge_guides_and_tools": 5}
    assert load_knowledge_demo(users) == {"knowledge_guides_and_tools": 5}
    items = Lesson.objects.all()
    assert {i.visibility for i in items} == {"public"}
    assert {i.kind for i in items} == {"guide", "tool"}
    assert {i.title for i in items} >= {
        "How to partner with the UN: a checklist for companies",
        "Due diligence criteria we screen against",
        "Template: memorandum of understanding",
        "Checklist: KPIs at design",
    }


def test_the_content_comes_from_the_hubs_data(users):
    load_knowledge_demo(users)
    criteria = Lesson.objects.get(title="Due diligence criteria we screen against")
    assert "Child labour" in criteria.text and "Tobacco" in criteria.text
    assert "(weight 60): Operating casinos" in criteria.text  # gambling weighs, not excludes
    mou = Lesson.objects.get(title="Template: memorandum of understanding")
    assert "15. Entry into force, duration and amendment" in mou.text
    assert mou.link.endswith("/agreements/templates/")
    kpis = Lesson.objects.get(title="Checklist: KPIs at design")
    assert "outcome or impact level" in kpis.text
    marketing = Lesson.objects.get(title="Template: cause-related marketing agreement")
    assert [t.pk for t in marketing.partnership_types.all()] == ["innovative-financing"]


def test_every_attachment_is_a_valid_csv(users):
    load_knowledge_demo(users)
    for item in Lesson.objects.exclude(attachment=""):
        content = item.attachment.read()
        assert (
            attachments.check_attachment(item.attachment.name, len(content), io.BytesIO(content))
            == ".csv"
        )
        assert content.count(b"\n") >= 5
