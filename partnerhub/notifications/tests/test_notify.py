from __future__ import annotations

from django.core import mail

from partnerhub.notifications.models import Notification
from partnerhub.notifications.services import notification_mark_read, notify


def test_it_notifies_each_active_user_once_and_mails_after_commit(
    focal_point, company_rep, django_capture_on_commit_callbacks
):
    company_rep.is_active = False
    company_rep.save()
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(
            users=[focal_point, focal_point, company_rep, None],
            verb="x.y",
            title="Hello",
            body="Body",
            url="/x/",
        )
    assert [n.user for n in created] == [focal_point]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [focal_point.email]
    assert "/x/" in mail.outbox[0].body


def test_no_mail_when_asked_or_rolled_back(focal_point, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[focal_point], verb="x.y", title="Hello")
    assert len(callbacks) == 1 and not mail.outbox
    notify(users=[focal_point], verb="x.y", title="Quiet", email=False)
    assert Notification.objects.filter(user=focal_point).count() == 2


def test_mark_read_only_touches_the_user_s_own(focal_point, company_rep):
    mine = notify(users=[focal_point], verb="a", title="a", email=False)[0]
    theirs = notify(users=[company_rep], verb="a", title="a", email=False)[0]
    assert notification_mark_read(user=focal_point, notification_ids=[mine.pk, theirs.pk]) == 1
    assert Notification.objects.get(pk=theirs.pk).read_at is None
