from __future__ import annotations

from django.urls import reverse

from partnerhub.notifications.models import Notification
from partnerhub.notifications.services import notify


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_lists_only_my_notifications_with_the_unread_badge(as_role, company_rep):
    user, client = as_role("focal_point")
    notify(users=[user], verb="a", title="Offer for you", email=False)
    notify(users=[company_rep], verb="a", title="Not yours", email=False)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Offer for you" in body and "Not yours" not in body
    assert "badge rounded-pill" in body


def test_the_empty_state(as_role):
    _user, client = as_role("focal_point")
    assert "No notifications yet" in client.get(reverse("notifications:list")).content.decode()


def test_opening_marks_read_and_follows_local_links_only(as_role):
    user, client = as_role("focal_point")
    local = notify(users=[user], verb="a", title="a", url="/marketplace/", email=False)[0]
    evil = notify(users=[user], verb="a", title="a", url="https://evil.example/", email=False)[0]
    response = client.post(reverse("notifications:open", args=[local.pk]))
    assert response["Location"] == "/marketplace/"
    assert Notification.objects.get(pk=local.pk).read_at is not None
    response = client.post(reverse("notifications:open", args=[evil.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_someone_else_s_notification_is_404(as_role, company_rep):
    _user, client = as_role("focal_point")
    theirs = notify(users=[company_rep], verb="a", title="a", email=False)[0]
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404


def test_mark_all_read(as_role):
    user, client = as_role("focal_point")
    notify(users=[user], verb="a", title="a", email=False)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_the_list_query_count_does_not_grow(as_role, django_assert_max_num_queries):
    user, client = as_role("focal_point")
    notify(users=[user], verb="a", title="a", email=False)
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:list"))
    for _ in range(49):
        notify(users=[user], verb="a", title="a", email=False)
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:list"))
