"""How this app's audit events read on a partnership's timeline (partnerships/views.py)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TIMELINE_LABELS: dict[str, Promise] = {
    "appraisal.started": _("Cost–benefit review started"),
    "appraisal.updated": _("Cost–benefit review edited"),
    "appraisal.completed": _("Cost–benefit review completed"),
    "appraisal.reopened": _("Cost–benefit review reopened"),
}

# The cost–benefit review is internal to the UN: partners do not see that it happened.
UN_ONLY_VERBS = frozenset(TIMELINE_LABELS)
