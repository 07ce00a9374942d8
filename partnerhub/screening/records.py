"""The contract between sanctions-list parsers, the matcher and the Django app.

Plain Python, no Django imports. A parser turns one source file into a `ListSnapshot`; the
matcher indexes `ListedEntry` values; the app stores them keyed by (source, ref).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Source(StrEnum):
    UN = "un"  # UN Security Council Consolidated List (XML)
    OFAC = "ofac"  # OFAC SDN list, legacy CSV layout
    EU = "eu"  # the combined EU/UN/OFAC JSON (records from several upstream lists)


class EntryKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    OTHER = "other"


@dataclass(frozen=True)
class ListedEntry:
    """One listed person or organisation, as the list publishes it."""

    source: Source
    ref: str  # the list's own reference, stable across versions: "QDi.437", OFAC ent_num, ...
    kind: EntryKind
    name: str  # the primary name as listed
    aliases: tuple[str, ...] = ()  # every other name: a.k.a., f.k.a., original-script names
    alias_quality: tuple[str, ...] = ()  # parallel to aliases: "good", "low" or "" (unknown)
    countries: tuple[
        str, ...
    ] = ()  # ISO 3166-1 alpha-2, upper case: nationality, citizenship, address
    birth_dates: tuple[str, ...] = ()  # ISO 8601, possibly partial: "1965", "1965-04", "1965-04-29"
    identifiers: tuple[str, ...] = ()  # registration numbers, passport and tax numbers, as listed
    addresses: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()  # sanctions regime / programme codes
    listed_on: str = ""  # ISO date the entry was first listed, when known
    remarks: str = ""
    upstream_source: str = ""  # for combined files: which list the record came from ("EU", ...)

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def fingerprint(self) -> dict[str, object]:
        """The fields whose change makes an entry 'amended' between two versions."""
        return {
            "kind": self.kind.value,
            "name": self.name,
            "aliases": sorted(self.aliases),
            "countries": sorted(self.countries),
            "birth_dates": sorted(self.birth_dates),
            "identifiers": sorted(self.identifiers),
            "addresses": sorted(self.addresses),
            "programmes": sorted(self.programmes),
            "listed_on": self.listed_on,
        }


@dataclass(frozen=True)
class ListSnapshot:
    """One published version of one list."""

    source: Source
    generated_at: str  # ISO 8601 timestamp the publisher states (or the file date)
    checksum: str  # sha256 of the file's bytes
    entries: tuple[ListedEntry, ...]
    warnings: tuple[str, ...] = field(default=())  # recoverable oddities, each with its location


class SourceFormatError(ValueError):
    """The file is not a usable version of the list: wrong format, truncated, or empty.
    The message says what is wrong and where, in words an operator understands."""
