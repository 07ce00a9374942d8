"""A test client for the marketplace API that sends a user's personal token."""

from __future__ import annotations

from typing import Any

from django.test import Client

from partnerhub.accounts.services import api_token_create

BASE = "/api/marketplace"


class Api:
    """`Api(user)` calls the API as that user (with a fresh token), `Api(None)` anonymously."""

    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.headers: dict[str, Any] = {}
        if user is not None:
            _token, secret = api_token_create(user=user, name="test")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(BASE + path, params, **self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            BASE + path, body or {}, content_type="application/json", **self.headers
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(BASE + path, body, content_type="application/json", **self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(BASE + path, **self.headers)
