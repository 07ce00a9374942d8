"""The content of a newsletter issue: sections of items (title, one-line summary, link), kept
as plain lists of dicts on the draft so that the coordinator can edit them.

Plain Python (no Django): the operations here are what the edit page calls.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

Item = dict[str, str]
Section = dict[str, Any]

SUMMARY_LENGTH = 160
TITLE_LENGTH = 200
URL_LENGTH = 500


class ContentError(ValueError):
    """An edit that cannot be applied. `code` names the problem (callers word it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def one_line(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The text on one line, cut at a word boundary to at most `limit` characters."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",.;:-– ") + "…"


def checked_url(url: str) -> str:
    """A link an item may carry: a path on this site ('/...') or an http(s) address."""
    url = (url or "").strip()
    if not url:
        raise ContentError("no_link")
    if len(url) > URL_LENGTH:
        raise ContentError("long_link")
    if url.startswith("/") and not url.startswith("//"):
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ContentError("bad_link")
    return url


def make_item(*, title: str, summary: str = "", url: str, date: str = "") -> Item:
    title = " ".join((title or "").split())
    if not title:
        raise ContentError("no_title")
    item: Item = {
        "id": secrets.token_hex(4),
        "title": title[:TITLE_LENGTH],
        "summary": one_line(summary),
        "url": checked_url(url),
    }
    if date:
        item["date"] = date
    return item


def item_count(sections: list[Section]) -> int:
    return sum(len(section["items"]) for section in sections)


def _locate(sections: list[Section], item_id: str) -> tuple[list[Item], int]:
    for section in sections:
        for index, item in enumerate(section["items"]):
            if item.get("id") == item_id:
                return section["items"], index
    raise ContentError("no_item")


def remove_item(sections: list[Section], item_id: str) -> list[Section]:
    items, index = _locate(sections, item_id)
    del items[index]
    return sections


def move_item(sections: list[Section], item_id: str, offset: int) -> list[Section]:
    """Move an item up (offset -1) or down (+1) within its section; at an end it stays."""
    items, index = _locate(sections, item_id)
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    return sections


def add_item(sections: list[Section], section_key: str, item: Item) -> list[Section]:
    for section in sections:
        if section["key"] == section_key:
            section["items"].append(item)
            return sections
    raise ContentError("no_section")
