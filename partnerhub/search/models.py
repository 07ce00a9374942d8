"""The search index: one row per searchable object, whatever its app.

The database keeps its own full-text structure in step with these rows (created by the
migrations, outside Django's model layer):
- SQLite: the FTS5 table `search_fts` (external content over this table, rowid = id,
  columns `title_tokens` and `tokens`), kept in step by triggers on insert/update/delete;
- PostgreSQL: the stored generated column `document` (tsvector, title weighted A, the rest B)
  with a GIN index.
So any write of a SearchEntry, including bulk ones, is indexed at once. A future migration
that alters this table on SQLite rebuilds it and drops the triggers: it must create them again
(see migrations/0002_fulltext_structures.py).

Entry ids are not auto-increments: registry.entry_id(kind, object_id) = object id << 10 plus
the kind's code, so the SQLite index names the object and the kind without a lookup.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField()
    # Original text, as shown in results (snippets are cut from `body`).
    title = models.TextField(_("title"))
    body = models.TextField(_("text"), blank=True)
    # What the engines index: folded tokens from search.text.index_text. `tokens` covers the
    # body and the keywords (partners, countries in six languages, SDGs...).
    title_tokens = models.TextField(blank=True)
    tokens = models.TextField(blank=True)
    # Whether anonymous visitors may find it; site_search also loads the objects it shows
    # through their kind's public queryset, so a stale flag can cost a public result but
    # never show a private object.
    public = models.BooleanField(default=False)
    language = models.CharField(max_length=8, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")
        ]
        indexes = [models.Index(fields=["kind", "public"], name="search_entry_kind_public")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title[:60]}"
