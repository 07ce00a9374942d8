"""What can be searched: one registration per kind of object, from any app.

Registering a kind is one call, usually in the registering app's ``AppConfig.ready()``::

    from partnerhub.search.registry import SearchDocument, register

    register(
        "initiative",                       # the kind's name, stable: stored in the index
        model=Initiative,
        label=_("Initiatives"),             # shown on the search page
        document=lambda i: SearchDocument(title=i.name, body=i.description,
                                          keywords=i.lead_entity.acronym),
        public=lambda: Initiative.objects.filter(is_public=True),  # what anonymous users see
        queryset=lambda: Initiative.objects.select_related("lead_entity"),  # for bulk indexing
        m2m=("countries",),                 # m2m fields whose change alters the document
        related={UNEntity: lambda e: Initiative.objects.filter(lead_entity=e)},
    )

From then on the index follows the model by itself: saves, deletions and changes of the
listed m2m fields and related models re-index the object after the transaction commits
(services.schedule), ``manage.py rebuild_search_index --kind initiative`` fills it for
existing rows, ``selectors.filter_by_search(queryset, q)`` searches any queryset of the model
and ``selectors.site_search`` shows the public ones on /search/.

- ``document(obj)`` returns a SearchDocument (or a (title, body) tuple): ``body`` is the
  readable text that snippets are cut from, ``keywords`` is indexed but never shown.
- ``public()`` returns the queryset of objects anonymous visitors may see; the search page
  shows nothing else, whatever the stored flag says.
- ``url(obj)`` defaults to ``obj.get_absolute_url()``.
- ``related`` maps another model to a function of its instance returning objects or primary
  keys of this kind to re-index when that instance is saved or deleted.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

# Entry ids are (object id << KIND_CODE_BITS) + the kind's code: the SQLite full-text index
# then names the object and its kind without a lookup (see backends.restrict).
KIND_CODE_BITS = 10
KIND_CODE_MASK = (1 << KIND_CODE_BITS) - 1


def entry_id(kind: SearchKind, object_id: int) -> int:
    return (int(object_id) << KIND_CODE_BITS) + kind.code


class SearchDocument(NamedTuple):
    title: str
    body: str = ""
    keywords: str = ""


@dataclass(frozen=True)
class SearchKind:
    name: str
    code: int
    model: type[Model]
    label: Any
    document: Callable[[Any], SearchDocument | tuple[str, str]]
    public: Callable[[], QuerySet[Any]]
    queryset: Callable[[], QuerySet[Any]]
    url: Callable[[Any], str]
    m2m: tuple[str, ...] = ()
    related: dict[type[Model], Callable[[Any], Iterable[Any]]] = field(default_factory=dict)

    def document_of(self, obj: Any) -> SearchDocument:
        made = self.document(obj)
        return made if isinstance(made, SearchDocument) else SearchDocument(*made)


_KINDS: dict[str, SearchKind] = {}
_BY_MODEL: dict[type[Model], SearchKind] = {}


class UnknownKind(LookupError):
    pass


def register(
    name: str,
    *,
    model: type[Model],
    label: Any,
    document: Callable[[Any], SearchDocument | tuple[str, str]],
    public: Callable[[], QuerySet[Any]],
    queryset: Callable[[], QuerySet[Any]] | None = None,
    url: Callable[[Any], str] | None = None,
    m2m: Iterable[str] = (),
    related: dict[type[Model], Callable[[Any], Iterable[Any]]] | None = None,
) -> SearchKind:
    """Make `model` searchable as `name` and keep its index entries fresh (see the module
    docstring). Registering the same name again replaces the earlier registration."""
    if name in _KINDS:
        unregister(name)
    code = zlib.crc32(name.encode()) & KIND_CODE_MASK
    clash = next((k for k in _KINDS.values() if k.code == code), None)
    if clash is not None:
        raise ImproperlyConfigured(
            f"Search kinds {name!r} and {clash.name!r} share the code {code}; rename one."
        )
    kind = SearchKind(
        name=name,
        code=code,
        model=model,
        label=label,
        document=document,
        public=public,
        queryset=queryset or model._default_manager.all,
        url=url or (lambda obj: obj.get_absolute_url()),
        m2m=tuple(m2m),
        related=dict(related or {}),
    )
    _KINDS[name] = kind
    _BY_MODEL[model] = kind
    _connect(kind)
    return kind


def unregister(name: str) -> None:
    kind = _KINDS.pop(name)
    _BY_MODEL.pop(kind.model, None)
    _disconnect(kind)


def kinds() -> list[SearchKind]:
    return list(_KINDS.values())


def get_kind(name: str) -> SearchKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownKind(f"No searchable kind named {name!r}.") from None


def kind_for_model(model: type[Model]) -> SearchKind:
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise UnknownKind(f"{model.__name__} is not registered for search.") from None


def _uid(kind: SearchKind, what: str) -> str:
    return f"search:{kind.name}:{what}"


def _connect(kind: SearchKind) -> None:
    from partnerhub.search import services

    def on_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw:  # fixtures loaded with loaddata are indexed by rebuild_search_index
            services.schedule(kind.name, [instance.pk])

    def on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
        services.schedule(kind.name, [instance.pk])

    def on_m2m(
        sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kw: Any
    ) -> None:
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            services.schedule(kind.name, [instance.pk])
        elif pk_set:
            services.schedule(kind.name, list(pk_set))

    post_save.connect(on_save, sender=kind.model, weak=False, dispatch_uid=_uid(kind, "save"))
    post_delete.connect(on_delete, sender=kind.model, weak=False, dispatch_uid=_uid(kind, "delete"))
    for field_name in kind.m2m:
        through = kind.model._meta.get_field(field_name).remote_field.through  # type: ignore[union-attr]
        m2m_changed.connect(
            on_m2m, sender=through, weak=False, dispatch_uid=_uid(kind, f"m2m:{field_name}")
        )
    for related_model, affected in kind.related.items():

        def on_related(
            sender: Any, instance: Any, raw: bool = False, _affected: Any = affected, **kw: Any
        ) -> None:
            if not raw:
                services.schedule(kind.name, [getattr(o, "pk", o) for o in _affected(instance)])

        uid = _uid(kind, f"related:{related_model._meta.label}")
        post_save.connect(on_related, sender=related_model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(
            on_related, sender=related_model, weak=False, dispatch_uid=uid + ":delete"
        )


def _disconnect(kind: SearchKind) -> None:
    post_save.disconnect(sender=kind.model, dispatch_uid=_uid(kind, "save"))
    post_delete.disconnect(sender=kind.model, dispatch_uid=_uid(kind, "delete"))
    for field_name in kind.m2m:
        through = kind.model._meta.get_field(field_name).remote_field.through  # type: ignore[union-attr]
        m2m_changed.disconnect(sender=through, dispatch_uid=_uid(kind, f"m2m:{field_name}"))
    for related_model in kind.related:
        uid = _uid(kind, f"related:{related_model._meta.label}")
        post_save.disconnect(sender=related_model, dispatch_uid=uid + ":save")
        post_delete.disconnect(sender=related_model, dispatch_uid=uid + ":delete")
