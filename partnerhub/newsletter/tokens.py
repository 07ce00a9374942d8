"""Signed links in newsletter e-mails.

The confirmation link carries the address and the chosen language and expires; nothing about
a subscription changes until it is followed, so requesting one reveals and alters nothing.
The unsubscribe link never expires (RFC 8058 one-click links must keep working in old mail).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

CONFIRM_SALT = "partnerhub.newsletter.confirm"
UNSUBSCRIBE_SALT = "partnerhub.newsletter.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # seconds


class TokenInvalid(Exception):
    """The link was altered or cut."""


class TokenExpired(Exception):
    """The link was genuine but is too old."""


@dataclass(frozen=True)
class Confirmation:
    subscriber_id: int
    email: str
    language: str
    source: str  # where the request was made, recorded as the consent's source


def confirmation_token(*, subscriber_id: int, email: str, language: str, source: str = "") -> str:
    return signing.dumps(
        {"s": subscriber_id, "e": email, "l": language, "o": source},
        salt=CONFIRM_SALT,
        compress=True,
    )


def read_confirmation_token(token: str, *, max_age: int = CONFIRM_MAX_AGE) -> Confirmation:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as exc:
        raise TokenInvalid from exc
    try:
        return Confirmation(int(data["s"]), str(data["e"]), str(data["l"]), str(data.get("o", "")))
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenInvalid from exc


def unsubscribe_token(subscriber_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber_id))


def read_unsubscribe_token(token: str) -> int:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature as exc:
        raise TokenInvalid from exc
    if not value.isdigit():
        raise TokenInvalid
    return int(value)
