from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from partnerhub.accounts.auth import token_auth
from partnerhub.accounts.predicates import memberships_of

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    role: str
    un_entity: str | None
    organisation_id: int | None
    country: str | None


class MeOut(Schema):
    email: str
    full_name: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, auth=token_auth, summary="The token's user and roles")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        email=user.email,  # type: ignore[union-attr]
        full_name=user.full_name,  # type: ignore[union-attr]
        memberships=[
            MembershipOut(
                role=m.role,
                un_entity=m.un_entity.acronym if m.un_entity_id else None,  # type: ignore[union-attr]
                organisation_id=m.organisation_id,
                country=m.country_id,
            )
            for m in memberships_of(user)
        ],
    )
