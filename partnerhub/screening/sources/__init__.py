"""Parsers that turn one sanctions-list file into a `ListSnapshot` (see ../records.py).

Plain Python, no Django imports. Every parser raises `SourceFormatError` with a message an
operator can act on when the file is unusable, and reports recoverable oddities in
`ListSnapshot.warnings`, each naming the record it concerns.
"""

from __future__ import annotations

from partnerhub.screening.records import ListSnapshot, Source, SourceFormatError
from partnerhub.screening.sources._common import LIST_NAMES, describe_format, detect_format
from partnerhub.screening.sources.combined_json import parse_combined_json
from partnerhub.screening.sources.ofac_csv import parse_ofac_sdn_csv
from partnerhub.screening.sources.un_xml import parse_un_xml

__all__ = [
    "detect_format",
    "parse",
    "parse_combined_json",
    "parse_ofac_sdn_csv",
    "parse_un_xml",
]


def parse(source: Source | str, data: bytes, *, generated_at: str = "") -> ListSnapshot:
    """Parse `data` as a version of the list `source` ("un", "ofac" or "eu").

    `generated_at` is the list date for formats that do not state one (the OFAC CSV); the UN XML
    and the combined JSON carry their own date, and it is ignored for them.
    """
    try:
        expected = Source(str(source).lower())
    except ValueError:
        known = ", ".join(repr(member.value) for member in Source)
        raise SourceFormatError(f"Unknown list {source!r}; expected one of {known}.") from None
    found = detect_format(data)
    if found is not None and found is not expected:
        raise SourceFormatError(
            f"This file is {describe_format(data)}, not {LIST_NAMES[expected]} that was chosen."
        )
    if expected is Source.UN:
        return parse_un_xml(data)
    if expected is Source.OFAC:
        return parse_ofac_sdn_csv(data, generated_at=generated_at)
    return parse_combined_json(data)
