"""Helpers shared by the list parsers: text and date clean-up, country codes, format sniffing and
the checks every snapshot must pass (not empty, no conflicting duplicate references).

Plain Python, no Django imports.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rigour.territories import lookup_territory

from partnerhub.screening.records import ListedEntry, ListSnapshot, Source, SourceFormatError

_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 4096
_OFAC_FIRST_ROW = re.compile(rb'\d+,"')

# Birth years outside this range are typing errors or non-Gregorian calendars (the combined JSON
# carries "4708-01-01"); they are reported rather than stored as a date nobody could match.
EARLIEST_YEAR = 1850
LATEST_YEAR = 2100
# A birth-year range longer than this says little; it is stored as its two ends only.
LONGEST_YEAR_RANGE = 20

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")
_YEAR = re.compile(r"\d{4}")

REPLACEMENT_CHARACTER = "\ufffd"
_QUALITY_RANK = {"": 0, "low": 1, "good": 2}


def clean(value: str | None) -> str:
    """Collapse runs of whitespace (including newlines and no-break spaces) to single spaces."""
    return " ".join(value.split()) if value else ""


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """Non-empty values in first-seen order, without repeats."""
    return tuple(dict.fromkeys(value for value in values if value))


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


_NUMBER_LABEL = re.compile(r"(?i)(?:\bnumber\b|\bno\b\.?|n°|\bpassport\b)\s*[:#]?\s*")
_TRAILING_COMMENT = re.compile(r"\s*\([^()]*\)$|,\s*[^\d,]+$")


def bare_number(text: str) -> str:
    """The document number without the words around it, so that it can be searched:
    "Pakistani passport number AA3829182" -> "AA3829182", "Cedula No. 80413253" -> "80413253",
    "381110042 (Expired 25 Jan. 2016)" -> "381110042", "R00012098, South Sudan" -> "R00012098".
    Text without such words is returned as listed (cleaned)."""
    text = clean(text)
    for match in reversed(list(_NUMBER_LABEL.finditer(text))):
        value = text[match.end() :]
        if _has_digit(value):
            text = value
            break
    without_comment = _TRAILING_COMMENT.sub("", text)
    return without_comment if _has_digit(without_comment) else text


def _has_digit(text: str) -> bool:
    return any(character.isdigit() for character in text)


# --- format sniffing ---------------------------------------------------------------------------


def _head(data: bytes) -> bytes:
    return data[:_SNIFF_BYTES].removeprefix(_BOM).lstrip()


def detect_format(data: bytes) -> Source | None:
    """Which list format the bytes look like, from their first few kilobytes; None if unknown."""
    head = _head(data)
    if head.startswith(b"<") and b"<CONSOLIDATED_LIST" in head:
        return Source.UN
    if head.startswith(b"{") and (b'"entities"' in head or b'"metadata"' in head):
        return Source.EU
    if _OFAC_FIRST_ROW.match(head):
        return Source.OFAC
    return None


LIST_NAMES = {
    Source.UN: "the UN Consolidated List (XML)",
    Source.OFAC: "the OFAC SDN list (CSV)",
    Source.EU: "the combined EU/UN/OFAC list (JSON)",
}


def describe_format(data: bytes) -> str:
    """A few words saying what the bytes look like, for error messages."""
    source = detect_format(data)
    if source is not None:
        return LIST_NAMES[source]
    head = _head(data)
    if head[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML)"
    if head.startswith(b"<"):
        return "some other XML"
    if head.startswith((b"{", b"[")):
        return "some other JSON"
    return "neither XML nor JSON"


def refuse_empty(data: bytes) -> None:
    if not data.strip():
        raise SourceFormatError("The file is empty.")


# --- countries ---------------------------------------------------------------------------------


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code (upper case) for a country name as the lists write it, or None.

    Two- and three-letter values are not looked up: in these lists they are placeholders ("na" is
    "not available", not Namibia), never codes. Historical territories without an alpha-2 code
    ("former Soviet Union") give None too.
    """
    name = clean(name)
    if len(name) <= 3:
        return None
    territory = lookup_territory(name)
    if territory is None:
        return None
    code: str = territory.code
    if len(code) == 2 and code.isalpha():
        return code.upper()
    return None


# --- dates -------------------------------------------------------------------------------------


def _plausible_year(year: int) -> bool:
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def iso_date(text: str) -> str | None:
    """One date as ISO 8601, possibly partial, from the forms the lists use:
    "1960-01-12", "12 Jan 1960", "12 January 1960", "Jan. 1960", "1960". None if not understood."""
    text = clean(text).rstrip(".").strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_MONTH_YEAR.fullmatch(text):
        month_number = MONTHS.get(match.group(2).lower())
        if month_number is None:
            return None
        year, month, day = int(match.group(3)), month_number, int(match.group(1))
    elif match := _MONTH_YEAR.fullmatch(text):
        month_number = MONTHS.get(match.group(1).lower())
        year = int(match.group(2))
        if month_number is None or not _plausible_year(year):
            return None
        return f"{year:04d}-{month_number:02d}"
    elif _YEAR.fullmatch(text):
        year = int(text)
        return f"{year:04d}" if _plausible_year(year) else None
    else:
        return None
    if not _plausible_year(year):
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def year_range(first: int, last: int) -> tuple[str, ...] | None:
    """Every year of an inclusive range ("born between 1966 and 1967"), or its two ends when the
    range is long. None if the range is impossible."""
    if not (_plausible_year(first) and _plausible_year(last)) or last < first:
        return None
    if last - first > LONGEST_YEAR_RANGE:
        return (f"{first:04d}", f"{last:04d}")
    return tuple(f"{year:04d}" for year in range(first, last + 1))


def date_range(start: str, end: str) -> tuple[str, ...] | None:
    """A range between two ISO dates (possibly partial): whole years ("01 Jan 1961 to 31 Dec
    1962") become every year in between; otherwise the two ends plus the whole years strictly
    between them."""
    if start.endswith(("-01-01", "-01")) and start[5:7] == "01":
        start = start[:4]
    if end.endswith(("-12-31", "-12")) and end[5:7] == "12":
        end = end[:4]
    if len(start) == 4 and len(end) == 4:
        return year_range(int(start), int(end))
    first, last = int(start[:4]), int(end[:4])
    if last < first:
        return None
    inner = year_range(first + 1, last - 1) if last - first > 1 else ()
    return (start, *(inner or ()), end)


# --- names -------------------------------------------------------------------------------------


class NameCollector:
    """Collects aliases for one entry: drops blanks, repeats (ignoring case) and the primary name,
    and keeps the best quality seen for a repeated alias."""

    def __init__(self, name: str) -> None:
        self._name_key = name.casefold()
        self._aliases: dict[str, tuple[str, str]] = {}

    def add(self, alias: str, quality: str = "") -> None:
        alias = clean(alias)
        key = alias.casefold()
        if not alias or key == self._name_key:
            return
        seen = self._aliases.get(key)
        if seen is None or _QUALITY_RANK[quality] > _QUALITY_RANK[seen[1]]:
            self._aliases[key] = (seen[0] if seen else alias, quality)

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(alias for alias, _quality in self._aliases.values())

    @property
    def qualities(self) -> tuple[str, ...]:
        return tuple(quality for _alias, quality in self._aliases.values())


ORIGINAL_SCRIPT_MARK = "(original script)"
ORIGINAL_SCRIPT_PREFIX = "(original script:"
# The "b)" of "Mohammad Sabet b) M. Javad Kareemi Sabet": a second group of names.
LETTERED_GROUP = re.compile(r"\s+[a-z]\)\s+")


def split_alias(value: str) -> list[str]:
    """Separate the names the list packs into one alias element.

    "A; B; C" -> A, B, C. "ORIGINAL (A; B)" -> ORIGINAL, A, B. "A b) B" (a lettered list inside
    a packed value) -> A, B. "Amir Khazmat (original script: Амир Хазмат)" -> both names. The
    marker "(original script)" is dropped.
    """
    if not value:
        return []
    if value.endswith(")") and ";" in value:
        opening = _matching_open_parenthesis(value)
        if opening is not None and ";" in value[opening:]:
            head = value[:opening].strip()
            parts = [head, *value[opening + 1 : -1].split(";")]
        else:
            parts = value.split(";")
    else:
        parts = value.split(";")

    names: list[str] = []
    for part in parts:
        if ORIGINAL_SCRIPT_PREFIX in part and part.endswith(")"):
            latin, _marker, original = part[:-1].partition(ORIGINAL_SCRIPT_PREFIX)
            names.extend([latin, original])
            continue
        part = part.replace(ORIGINAL_SCRIPT_MARK, "")
        names.extend(LETTERED_GROUP.split(part) if ";" in value else [part])
    return [name for name in (clean(name) for name in names) if name]


def _matching_open_parenthesis(value: str) -> int | None:
    depth = 0
    for index in range(len(value) - 1, -1, -1):
        if value[index] == ")":
            depth += 1
        elif value[index] == "(":
            depth -= 1
            if depth == 0:
                return index
    return None


# --- the snapshot ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocatedEntry:
    """An entry and where it was read ("line 12", "entities[3]"), for duplicate messages."""

    entry: ListedEntry
    location: str


def build_snapshot(
    *,
    source: Source,
    data: bytes,
    generated_at: str,
    records: Sequence[LocatedEntry],
    warnings: list[str],
    records_seen: int,
) -> ListSnapshot:
    """Refuse an empty list or conflicting duplicates; otherwise return the snapshot.

    A reference that appears more than once with identical content is kept once, with a warning:
    the publisher repeated itself but nothing is ambiguous. Two different entries under one
    reference are refused, because either could be the one the publisher meant, and keeping one
    would silently drop the other.
    """
    if not records:
        if records_seen:
            raise SourceFormatError(
                f"No record in the file could be read ({plural(records_seen, 'record')} "
                f"found). First problem: {warnings[0]}"
            )
        raise SourceFormatError("The list contains no entries.")

    by_ref: dict[str, list[LocatedEntry]] = {}
    for record in records:
        by_ref.setdefault(record.entry.ref, []).append(record)

    for record in records:
        entry = record.entry
        if any(REPLACEMENT_CHARACTER in name for name in entry.all_names):
            warnings.append(
                f"{entry.ref} ({record.location}): a name contains the replacement character "
                f"{REPLACEMENT_CHARACTER!r}, so the publisher's export damaged it; that name "
                "will not match the real one."
            )

    conflicts = []
    entries = []
    for ref, copies in by_ref.items():
        first = copies[0]
        locations = ", ".join(copy.location for copy in copies)
        if any(copy.entry != first.entry for copy in copies[1:]):
            conflicts.append(f"{ref} ({locations})")
            continue
        if len(copies) > 1:
            warnings.append(
                f"{ref} appears {len(copies)} times ({locations}) with identical content; "
                "kept once."
            )
        entries.append(first.entry)
    if conflicts:
        shown = "; ".join(conflicts[:5])
        more = f" and {len(conflicts) - 5:,} more" if len(conflicts) > 5 else ""
        raise SourceFormatError(
            f"{plural(len(conflicts), 'reference')} used for different entries: {shown}{more}. "
            "A list must not publish two versions of one entry."
        )
    return ListSnapshot(
        source=source,
        generated_at=generated_at,
        checksum=checksum(data),
        entries=tuple(entries),
        warnings=tuple(warnings),
    )
