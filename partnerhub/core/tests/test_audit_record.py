from __future__ import annotations

import pytest
from django.db import transaction

from partnerhub.core.models import AuditEvent
from partnerhub.core.selectors import audit_events_for
from partnerhub.core.services import audit_record


def test_it_records_actor_verb_target_and_details(entity, admin):
    with transaction.atomic():
        event = audit_record(actor=admin, verb="entity.tested", target=entity, details={"a": 1})
    assert event.actor == admin
    assert event.actor_label == admin.email
    assert event.target_label == "WFP"
    assert list(audit_events_for(entity)) == [event]


def test_it_labels_system_jobs(entity):
    with transaction.atomic():
        event = audit_record(actor=None, verb="entity.imported", target=entity)
    assert event.actor is None
    assert event.actor_label == "system"


def test_it_refuses_to_run_outside_a_transaction(entity, admin):
    # pytest-django wraps each test in a transaction; leave it to simulate autocommit code.
    from django.db import connection

    connection.in_atomic_block, saved = False, connection.in_atomic_block
    try:
        with pytest.raises(RuntimeError):
            audit_record(actor=admin, verb="x", target=entity)
    finally:
        connection.in_atomic_block = saved
    assert AuditEvent.objects.count() == 0


def test_it_rolls_back_with_the_change(entity, admin):
    with pytest.raises(ValueError), transaction.atomic():
        audit_record(actor=admin, verb="entity.tested", target=entity)
        raise ValueError("the service failed after writing its audit event")
    assert AuditEvent.objects.count() == 0
