"""Read the combined EU/UN/OFAC list (JSON) into a `ListSnapshot`.

The file is not an official publication: a third party merged the EU Financial Sanctions Files,
the UN list and OFAC's non-SDN consolidated list into
`{"metadata": {"generated", "total", "by_source"}, "entities": [{name, type, aliases, birthdates,
identifiers, source, source_id}, ...]}`. `source` is a list: ["EU", "UN"] means the EU record
(whose id is `source_id`) was matched to a UN record. Identifiers carry OFAC's remark phrases
(gender, "Secondary sanctions risk", web sites) beside real numbers; only numbers are kept.

Plain Python, no Django imports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from partnerhub.screening.records import (
    EntryKind,
    ListedEntry,
    ListSnapshot,
    Source,
    SourceFormatError,
)
from partnerhub.screening.sources._common import (
    LocatedEntry,
    NameCollector,
    bare_number,
    build_snapshot,
    clean,
    describe_format,
    iso_date,
    plural,
    refuse_empty,
    split_alias,
    unique,
)

KINDS = {"individual": EntryKind.PERSON, "entity": EntryKind.ORGANISATION}
# Identifier "types" that are OFAC remark phrases, not numbers.
NOT_IDENTIFIERS = re.compile(
    r"gender|sanction|executive order|directive|website|e-?mail|phone|fax|target type|"
    r"issuer name|equity ticker|date|organization type|caatsa|nationality|information",
    re.IGNORECASE,
)
# SWIFT/BIC codes are the one kind of identifier without a digit.
LETTERS_ONLY_IDENTIFIERS = re.compile(r"swift|bic", re.IGNORECASE)
PLACEHOLDERS = {"", "-"}
TRUNCATION_SLACK = 8
_DAY_MONTH_YEAR = re.compile(r"\d{1,2} [A-Za-z]{3} \d{4}")

Warn = Callable[[str], None]


def parse_combined_json(data: bytes) -> ListSnapshot:
    """Parse one version of the combined EU/UN/OFAC JSON.

    Raises `SourceFormatError` for a file that is empty, not JSON (or cut short), not this
    layout, without entries, whose record count disagrees with `metadata.total`, or with two
    different records under one reference. A record without a name, source or id is skipped with
    a warning naming its position; oddities in kept records (a birth date "true") are warnings.
    """
    document = _load(data)
    metadata = document.get("metadata")
    records_in = document.get("entities")
    if not isinstance(metadata, dict) or not isinstance(records_in, list):
        raise SourceFormatError(
            "Not the combined EU/UN/OFAC list: expected an object with 'metadata' and an "
            "'entities' list."
        )
    warnings: list[str] = []
    generated_at = clean(str(metadata.get("generated") or ""))
    if not generated_at:
        warnings.append("metadata.generated is missing; the list date is unknown.")
    total = metadata.get("total")
    if isinstance(total, int) and total != len(records_in):
        raise SourceFormatError(
            f"metadata.total says {plural(total, 'record')} but the file holds "
            f"{len(records_in):,}: the file is incomplete or was edited."
        )

    records = []
    for position, record in enumerate(records_in):
        located = _read_record(record, position, warnings)
        if located is not None:
            records.append(located)
    return build_snapshot(
        source=Source.EU,
        data=data,
        generated_at=generated_at,
        records=records,
        warnings=warnings,
        records_seen=len(records_in),
    )


def _load(data: bytes) -> dict[str, Any]:
    refuse_empty(data)
    if not data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith((b"{", b"[")):
        raise SourceFormatError(
            f"Not the combined EU/UN/OFAC list: the file is not JSON (it looks like "
            f"{describe_format(data)})."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceFormatError(f"The file is not UTF-8 text ({error}).") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        # A file cut short fails at its very end, a few characters before it (inside a number,
        # literal or escape), or in a string that never closes.
        stripped = text.rstrip()
        remaining = len(stripped) - error.pos
        truncated = error.msg != "Extra data" and (
            error.msg.startswith("Unterminated string")
            or remaining <= 0
            or (remaining <= TRUNCATION_SLACK and not stripped.endswith(("}", "]")))
        )
        cause = "the file looks truncated" if truncated else "the file is damaged"
        raise SourceFormatError(
            f"Line {error.lineno:,}, column {error.colno:,}: the JSON cannot be read "
            f"({error.msg}) — {cause}."
        ) from error
    if not isinstance(document, dict):
        raise SourceFormatError(
            "Not the combined EU/UN/OFAC list: the JSON is not an object with 'metadata' and "
            "'entities'."
        )
    return document


def _strings(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [clean(item) for item in value if isinstance(item, str) and clean(item)]


def _read_record(record: object, position: int, warnings: list[str]) -> LocatedEntry | None:
    location = f"entities[{position:,}]"
    if not isinstance(record, dict):
        warnings.append(f"{location}: not an object; skipped.")
        return None
    sources = _strings(record.get("source"))
    source_id = clean(str(record.get("source_id") or ""))
    name = clean(str(record.get("name") or ""))
    if not sources or not source_id or not name:
        missing = [
            label
            for label, value in (("source", sources), ("source_id", source_id), ("name", name))
            if not value
        ]
        warnings.append(f"{location}: no {' or '.join(missing)}; skipped.")
        return None
    # The id belongs to the first source; keying on that alone keeps the reference stable when a
    # later version matches the record to another list (["EU"] -> ["EU", "UN"]).
    ref = f"{sources[0]}:{source_id}"

    def warn(message: str) -> None:
        warnings.append(f"{ref} ({location}): {message}")

    kind = KINDS.get(clean(str(record.get("type") or "")).lower())
    if kind is None:
        warn(f"unknown type {record.get('type')!r}; kept as 'other'.")
        kind = EntryKind.OTHER

    names = NameCollector(name)
    for packed in _strings(record.get("aliases")):
        for alias in split_alias(packed):
            names.add(alias)

    birth_dates = []
    for text in _strings(record.get("birthdates")):
        value = iso_date(text)
        if value is None:
            warn(f"birth date {text!r} is not a date; left out.")
        else:
            birth_dates.append(value)

    entry = ListedEntry(
        source=Source.EU,
        ref=ref,
        kind=kind,
        name=name,
        aliases=names.aliases,
        alias_quality=names.qualities,
        birth_dates=unique(birth_dates),
        identifiers=_identifiers(record.get("identifiers")),
        upstream_source="+".join(sources),
    )
    return LocatedEntry(entry, location)


def _identifiers(value: object) -> tuple[str, ...]:
    numbers = []
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict):
            continue
        # Untyped identifiers repeat a typed one of the same record (checked on the 2026-01-28
        # file: all 2,483 do), so they add nothing.
        kind = clean(str(item.get("type") or ""))
        if not kind or NOT_IDENTIFIERS.search(kind):
            continue
        number = bare_number(str(item.get("number") or ""))
        if number in PLACEHOLDERS or _DAY_MONTH_YEAR.fullmatch(number):
            continue
        if any(c.isdigit() for c in number) or LETTERS_ONLY_IDENTIFIERS.search(kind):
            numbers.append(number)
    return unique(numbers)
