from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from partnerhub.accounts.models import ApiToken, Membership, User


def users_with_memberships(*, search: str = "") -> QuerySet[User]:
    users = User.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("un_entity", "organisation", "country"),
        )
    ).order_by("email")
    if search:
        users = users.filter(email__icontains=search.strip())
    return users


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
