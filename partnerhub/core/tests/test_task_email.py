from __future__ import annotations

from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django_tasks_db.models import DBTaskResult

from partnerhub.core.mail import TaskQueueEmailBackend, serialise
from partnerhub.core.tasks import send_email


def test_messages_are_queued_after_commit(db, django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives("Welcome", "Hello", "hub@un.example", ["rep@co.example"])
    message.attach_alternative("<p>Hello</p>", "text/html")
    with django_capture_on_commit_callbacks(execute=True):
        sent = TaskQueueEmailBackend().send_messages([message])
    assert sent == 1
    queued = DBTaskResult.objects.get()
    assert queued.queue_name == "email"
    assert queued.args_kwargs["args"][0]["to"] == ["rep@co.example"]


def test_nothing_is_queued_if_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives("Welcome", "Hello", "hub@un.example", ["rep@co.example"])
    with django_capture_on_commit_callbacks(execute=False):
        TaskQueueEmailBackend().send_messages([message])
    assert not DBTaskResult.objects.exists()


def test_messages_without_recipients_are_skipped(db):
    assert TaskQueueEmailBackend().send_messages([EmailMultiAlternatives("x", "y")]) == 0


def test_the_task_delivers_the_message(settings):
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = EmailMultiAlternatives("Welcome", "Hello", "hub@un.example", ["rep@co.example"])
    message.attach_alternative("<p>Hello</p>", "text/html")
    assert send_email.call(serialise(message)) == 1
    assert mail.outbox[0].subject == "Welcome"
    assert mail.outbox[0].alternatives[0][1] == "text/html"
