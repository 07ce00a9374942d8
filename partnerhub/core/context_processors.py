from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from partnerhub.core.navigation import navigation_for
from partnerhub.notifications.selectors import unread_count


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_items": navigation_for(request.user),
        "unread_notifications": unread_count(getattr(request, "user", None)),
    }
