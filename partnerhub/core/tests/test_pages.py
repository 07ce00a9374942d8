from __future__ import annotations

import pytest
from django.urls import reverse


def test_it_serves_the_home_page(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert b'dir="ltr"' in response.content
    assert b'href="#main"' in response.content  # skip link


def test_it_renders_arabic_right_to_left(client, db):
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="ar")
    assert b'lang="ar" dir="rtl"' in response.content
    assert b"bootstrap.rtl.min.css" in response.content


def test_the_language_switcher_sets_the_language(client, db):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert b'lang="fr"' in page.content


@pytest.mark.parametrize("language", ["ar", "zh-hans", "en", "fr", "ru", "es"])
def test_every_un_language_is_offered(client, db, language):
    assert f'value="{language}"'.encode() in client.get("/").content


def test_dashboard_requires_sign_in(client, db):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_dashboard_lists_roles(as_role):
    _user, client = as_role("focal_point")
    response = client.get(reverse("core:dashboard"))
    assert b"Focal point" in response.content
    assert b"WFP" in response.content


def test_dashboard_explains_how_to_get_a_role(as_role):
    _user, client = as_role("plain_user")
    assert b"You have no role yet" in client.get(reverse("core:dashboard")).content


@pytest.mark.parametrize(
    ("role", "sees_admin_link"),
    [("anonymous", False), ("plain_user", False), ("focal_point", False), ("admin", True)],
)
def test_navigation_depends_on_role(as_role, role, sees_admin_link):
    _user, client = as_role(role)
    content = client.get("/").content
    assert (reverse("accounts:memberships").encode() in content) is sees_admin_link


def test_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
