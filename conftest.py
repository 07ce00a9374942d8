"""Shared fixtures: one named user per role (STYLE.md, convention 10)."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerhub.accounts.models import Role
from partnerhub.accounts.tests.factories import MembershipFactory, UserFactory
from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.organisations.tests.factories import OrganisationFactory


@pytest.fixture
def entity(db):
    return UNEntityFactory(acronym="WFP", slug="wfp", name="World Food Programme")


@pytest.fixture
def other_entity(db):
    return UNEntityFactory(acronym="UNHCR", slug="unhcr", name="UN Refugee Agency")


@pytest.fixture
def organisation(db):
    return OrganisationFactory(legal_name="Trucks for Good Ltd", country_id="KE")


def _member(role: str, email: str, **scope):
    user = UserFactory(email=email)
    MembershipFactory(user=user, role=role, **scope)
    return user


@pytest.fixture
def anonymous(db):
    return None


@pytest.fixture
def plain_user(db):
    return UserFactory(email="plain@example.org")


@pytest.fixture
def company_rep(organisation):
    return _member(Role.COMPANY_REP, "rep@trucks.example", organisation=organisation)


@pytest.fixture
def focal_point(entity):
    return _member(Role.FOCAL_POINT, "focal@wfp.example", un_entity=entity)


@pytest.fixture
def other_focal_point(other_entity):
    return _member(Role.FOCAL_POINT, "focal@unhcr.example", un_entity=other_entity)


@pytest.fixture
def screening_officer(entity):
    return _member(Role.SCREENING_OFFICER, "screening@wfp.example", un_entity=entity)


@pytest.fixture
def legal_officer(entity):
    return _member(Role.LEGAL_OFFICER, "legal@wfp.example", un_entity=entity)


@pytest.fixture
def me_officer(entity):
    return _member(Role.ME_OFFICER, "me@wfp.example", un_entity=entity)


@pytest.fixture
def country_coordinator(db):
    return _member(Role.COUNTRY_COORDINATOR, "rc@sudan.example", country_id="SD")


@pytest.fixture
def coordinator(db):
    return _member(Role.SYSTEM_COORDINATOR, "coordinator@un.example")


@pytest.fixture
def admin(db):
    return _member(Role.ADMINISTRATOR, "admin@un.example")


ALL_ROLES = [
    "anonymous",
    "plain_user",
    "company_rep",
    "focal_point",
    "screening_officer",
    "legal_officer",
    "me_officer",
    "country_coordinator",
    "coordinator",
    "admin",
]


@pytest.fixture
def as_role(request, db):
    """`as_role("focal_point")` -> (user or None, a Client signed in as that user)."""

    def make(role: str):
        user = request.getfixturevalue(role)
        client = Client()
        if user is not None:
            client.force_login(user)
        return user, client

    return make


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a directory of the test's own, never to the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The production hasher takes a third of a second per password by design; tests create
    thousands of users, and what they check does not depend on the hash's strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in Arabic leaves Arabic active on
    the thread (Django keeps the last request's language), which would leak into the next
    test's selectors and labels."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def search_indexing(django_capture_on_commit_callbacks):
    """`with search_indexing(): ...` indexes for full-text search what the block writes: the
    index follows saves after the commit, which a test's transaction never reaches."""
    import contextlib

    from django.db import connection

    @contextlib.contextmanager
    def run():
        # Objects scheduled before the block belong to a batch whose commit never comes.
        connection._search_pending_batch = None
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return run
