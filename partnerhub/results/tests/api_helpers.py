"""A test client for the API that sends a user's personal token."""

from __future__ import annotations

from typing import Any

from django.test import Client

from partnerhub.accounts.services import api_token_create


class Api:
    """`Api(user, "/api/results")` calls the API as that user, `Api(None, ...)` anonymously."""

    def __init__(self, user: Any, base: str = "/api/results") -> None:
        self.base = base
        self.client = Client()
        self.headers: dict[str, Any] = {}
        if user is not None:
            _token, secret = api_token_create(user=user, name="test")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self.base + path, params, **self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            self.base + path, body or {}, content_type="application/json", **self.headers
        )

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(
            self.base + path, body, content_type="application/json", **self.headers
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(
            self.base + path, body, content_type="application/json", **self.headers
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(self.base + path, **self.headers)
