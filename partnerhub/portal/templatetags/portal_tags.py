from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

register = template.Library()


@register.simple_tag
def search_snippet(text: str, query: str, words: int = 40) -> SafeString:
    """The passage of `text` around the search words, with them marked; without a query, the
    start of the text."""
    if query and query.strip():
        from partnerhub.search.text import snippet

        return mark_safe(snippet(text or "", query))
    return mark_safe(escape(Truncator(text or "").words(words)))
