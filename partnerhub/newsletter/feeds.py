"""The Atom feed of sent issues (/newsletter/feed.atom)."""

from __future__ import annotations

import datetime
from contextvars import ContextVar
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from partnerhub.newsletter import selectors
from partnerhub.newsletter.emails import absolute
from partnerhub.newsletter.models import Issue
from partnerhub.newsletter.sections import one_line

FEED_LENGTH = 20
# The address the feed was asked for (scheme and host), for the links inside it: a reader
# follows links to the host it subscribed at. The GUIDs stay on SITE_ROOT so they never change.
_requested_root: ContextVar[str] = ContextVar("newsletter_feed_root", default="")


def _link(url: str) -> str:
    root = _requested_root.get()
    return root + url if root else absolute(url)


class IssueFeed(Feed):
    feed_type = Atom1Feed
    title = _("partnerhub quarterly newsletter")
    subtitle = _("Partnerships between the United Nations and the private sector, every quarter.")

    def __call__(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        token = _requested_root.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return super().__call__(request, *args, **kwargs)
        finally:
            _requested_root.reset(token)

    # Absolute addresses from the request (or SITE_ROOT): the sites framework's domain is not
    # kept up to date.
    def link(self) -> str:
        return _link(reverse("newsletter:archive"))

    def feed_url(self) -> str:
        return _link(reverse("newsletter:feed"))

    def items(self) -> QuerySet[Issue]:
        return selectors.sent_issues()[:FEED_LENGTH]

    def item_title(self, item: Issue) -> str:
        return item.subject

    def item_description(self, item: Issue) -> str:
        titles = [entry["title"] for section in item.sections for entry in section["items"]]
        return one_line(" ".join([item.introduction, *(f"{t}." for t in titles)]), 600)

    def item_link(self, item: Issue) -> str:
        return _link(item.get_absolute_url())

    def item_guid(self, item: Issue) -> str:
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item: Issue) -> datetime.datetime | None:
        return item.sent_at

    def item_updateddate(self, item: Issue) -> datetime.datetime | None:
        return item.sent_at
