"""How this app's audit events read on a partnership's timeline (partnerships/views.py)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TIMELINE_LABELS: dict[str, Promise] = {
    "agreement.generated": _("Agreement generated"),
    "agreement.regenerated": _("Agreement regenerated"),
    "agreement.deviation_recorded": _("Negotiated deviation recorded in the agreement"),
    "agreement.deviation_removed": _("Negotiated deviation removed from the agreement"),
    "agreement.submitted_for_review": _("Agreement submitted for legal review"),
    "agreement.approved": _("Agreement approved"),
    "agreement.returned_to_draft": _("Agreement returned to draft"),
    "agreement.sent_for_signature": _("Agreement sent for signature"),
    "agreement.signed": _("Agreement signed"),
    "agreement.cancelled": _("Agreement cancelled"),
}

# Drafting and the legal review are the UN's internal work: a partner organisation's
# representatives see the agreement once it is sent for signature (rules.py), so its timeline
# should leave these events out for them.
UN_ONLY_VERBS = frozenset(
    {
        "agreement.generated",
        "agreement.regenerated",
        "agreement.deviation_recorded",
        "agreement.deviation_removed",
        "agreement.submitted_for_review",
        "agreement.approved",
        "agreement.returned_to_draft",
    }
)
