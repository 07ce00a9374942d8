"""Who may read and write the knowledge base (lessons, practices, guides and tools; "lesson"
below means any of them).

Public lessons are open to anyone, UN-only lessons to UN staff; a lesson's attachment is
downloaded under the same rule. A lesson of a partnership is
written by the focal points and M&E officers of its lead entity (the people who ran it); a
lesson of no partnership by any UN staff member. Its author and administrators edit it.
"""

from __future__ import annotations

from typing import Any

import rules

from partnerhub.accounts.predicates import is_administrator, is_un_staff
from partnerhub.results.rules import is_lead_results_staff


@rules.predicate
def is_public(user: Any, lesson: Any) -> bool:
    return lesson is not None and lesson.visibility == "public"


@rules.predicate
def is_lesson_author(user: Any, lesson: Any) -> bool:
    return lesson is not None and user.is_authenticated and lesson.created_by_id == user.pk


@rules.predicate
def may_write_for(user: Any, partnership: Any) -> bool:
    """For a partnership: its lead entity's results staff; for none: any UN staff."""
    if partnership is None:
        return bool(is_un_staff(user))
    return bool(is_lead_results_staff(user, partnership))


rules.add_perm("knowledge.view_lesson", is_public | is_un_staff)
rules.add_perm("knowledge.add_lesson", may_write_for | is_administrator)
rules.add_perm("knowledge.change_lesson", is_lesson_author | is_administrator)
