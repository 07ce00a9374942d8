from __future__ import annotations

import pytest

from partnerhub.newsletter import sections
from partnerhub.newsletter.sections import ContentError, make_item


def content():
    return [
        {
            "key": "partnerships",
            "items": [make_item(title=t, url=f"/p/{t}/") for t in ("a", "b", "c")],
        },
        {"key": "news", "items": []},
    ]


def titles(data, key="partnerships"):
    return [i["title"] for s in data if s["key"] == key for i in s["items"]]


def test_one_line_flattens_and_cuts_at_a_word():
    assert sections.one_line("  two\nlines  ") == "two lines"
    cut = sections.one_line("word " * 100, limit=30)
    assert len(cut) <= 30 and cut.endswith("…") and "wor…" not in cut


def test_move_and_remove():
    data = content()
    ids = [i["id"] for i in data[0]["items"]]
    sections.move_item(data, ids[2], -1)
    assert titles(data) == ["a", "c", "b"]
    sections.move_item(data, ids[0], -1)  # already first: stays
    assert titles(data) == ["a", "c", "b"]
    sections.remove_item(data, ids[2])
    assert titles(data) == ["a", "b"]
    with pytest.raises(ContentError) as refused:
        sections.remove_item(data, ids[2])
    assert refused.value.code == "no_item"


def test_add_item_to_a_section():
    data = sections.add_item(content(), "news", make_item(title="Forum", url="https://un.org/x"))
    assert titles(data, "news") == ["Forum"]
    assert sections.item_count(data) == 4
    with pytest.raises(ContentError):
        sections.add_item(data, "nowhere", make_item(title="x", url="/x/"))


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "//evil.example/x", "ftp://x.org/", "", "x" * 600]
)
def test_links_must_be_web_addresses_or_local_paths(url):
    with pytest.raises(ContentError):
        make_item(title="Bad", url=url)


def test_items_need_a_title():
    with pytest.raises(ContentError) as refused:
        make_item(title="   ", url="/x/")
    assert refused.value.code == "no_title"
