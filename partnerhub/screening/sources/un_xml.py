"""Read the UN Security Council Consolidated List (XML) into a `ListSnapshot`.

The list is published at https://scsanctions.un.org/resources/xml/en/consolidated.xml: one
<INDIVIDUAL> or <ENTITY> per listed person or organisation, keyed by REFERENCE_NUMBER ("QDi.437").
Elements this parser does not know (the 2026 files added HAS_INTERPOL_LINK and INTERPOL_LINK) are
ignored, so a new optional element upstream does not stop imports.

Plain Python, no Django imports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

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
    country_code,
    describe_format,
    iso_date,
    refuse_empty,
    split_alias,
    unique,
    year_range,
)

ROOT_TAG = "CONSOLIDATED_LIST"
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
KINDS = {"INDIVIDUAL": EntryKind.PERSON, "ENTITY": EntryKind.ORGANISATION}
ALIAS_QUALITY = {"good": "good", "low": "low"}  # entity aliases say "a.k.a."/"f.k.a.": unknown

Element = Any  # lxml ships no type information
Warn = Callable[[str], None]


def _safe_parser() -> Any:
    # No DTD loading, no entity expansion, no network, no "huge tree" mode: a hostile or broken
    # file cannot make the parser fetch URLs, read local files or exhaust memory.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_un_xml(data: bytes) -> ListSnapshot:
    """Parse one version of the UN Consolidated List.

    Raises `SourceFormatError` for a file that is empty, not XML, truncated, some other document,
    without entries, or with two different entries under one reference. Records that can still be
    read but have oddities (an unknown country name, a date of birth in words) become entries and
    add a warning naming the reference and line.
    """
    root = _parse(data)
    warnings: list[str] = []
    generated_at = clean(root.get("dateGenerated"))
    if not generated_at:
        warnings.append(f"<{ROOT_TAG}> has no dateGenerated attribute; the list date is unknown.")

    # Every INDIVIDUAL and ENTITY counts, wherever it sits: a record moved out of
    # <INDIVIDUALS>/<ENTITIES> by a schema change must not vanish unnoticed.
    elements = list(root.iter(*KINDS))
    records = []
    for element in elements:
        record = _read_record(element, KINDS[element.tag], warnings)
        if record is not None:
            records.append(record)
    return build_snapshot(
        source=Source.UN,
        data=data,
        generated_at=generated_at,
        records=records,
        warnings=warnings,
        records_seen=len(elements),
    )


def _parse(data: bytes) -> Element:
    refuse_empty(data)
    if not data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        raise SourceFormatError(
            f"Not a UN Consolidated List: the file is not XML (it looks like "
            f"{describe_format(data)})."
        )
    try:
        root = etree.fromstring(data, parser=_safe_parser())
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else 0
        last_line = data.rstrip().count(b"\n") + 1
        truncated = line >= last_line or "Premature end of data" in str(error.msg)
        hint = "the file looks truncated" if truncated else "the file is damaged or not the UN list"
        raise SourceFormatError(
            f"Line {line:,}: the XML cannot be read ({error.msg}) — {hint}."
        ) from error
    if root.tag != ROOT_TAG:
        raise SourceFormatError(
            f"Not a UN Consolidated List: root element is <{root.tag}>, expected <{ROOT_TAG}>."
        )
    if root.getroottree().docinfo.doctype:
        # The UN never ships a DOCTYPE; one here can only declare entities meant to pull in
        # local files or blow up memory. They were not expanded, but the text around them would
        # be incomplete.
        raise SourceFormatError(
            "The file declares a DOCTYPE, which the UN Consolidated List never does; refused."
        )
    return root


def _text(element: Element, path: str) -> str:
    return clean(element.findtext(path))


def _read_record(element: Element, kind: EntryKind, warnings: list[str]) -> LocatedEntry | None:
    ref = _text(element, "REFERENCE_NUMBER")
    tag = element.tag
    location = f"<{tag}> at line {element.sourceline}"
    if kind is EntryKind.PERSON:
        name = " ".join(part for part in (_text(element, p) for p in NAME_PARTS) if part)
    else:
        name = _text(element, "FIRST_NAME")
    if not ref or not name:
        missing = "REFERENCE_NUMBER" if not ref else "name"
        warnings.append(f"{location}: no {missing}; the record was skipped.")
        return None

    def warn(message: str) -> None:
        warnings.append(f"{ref} ({location}): {message}")

    names = NameCollector(name)
    for original in element.iterfind("NAME_ORIGINAL_SCRIPT"):
        for alias in split_alias(clean(original.text)):
            names.add(alias, "good")
    birth_dates: list[str] = []
    for alias_element in element.iterfind(f"{tag}_ALIAS"):
        quality = ALIAS_QUALITY.get(_text(alias_element, "QUALITY").lower(), "")
        for alias in split_alias(_text(alias_element, "ALIAS_NAME")):
            names.add(alias, quality)
        # A date of birth inside an alias belongs to that identity ("formerly listed as").
        alias_birth = _text(alias_element, "DATE_OF_BIRTH")
        if alias_birth:
            _add_date(alias_birth, birth_dates, warn, "alias DATE_OF_BIRTH")

    countries = []
    for value in (
        *(_text(v, ".") for v in element.iterfind("NATIONALITY/VALUE")),
        *(_text(a, "COUNTRY") for a in element.iterfind(f"{tag}_ADDRESS")),
    ):
        if not value:
            continue
        code = country_code(value)
        if code is None:
            warn(f"unknown country {value!r}; left out of the countries.")
        else:
            countries.append(code)

    for birth in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        _read_birth_date(birth, birth_dates, warn)

    listed_on = _text(element, "LISTED_ON")
    if listed_on:
        listed_iso = iso_date(listed_on[:10])
        if listed_iso is None:
            warn(f"LISTED_ON {listed_on!r} is not a date; left empty.")
        listed_on = listed_iso or ""

    entry = ListedEntry(
        source=Source.UN,
        ref=ref,
        kind=kind,
        name=name,
        aliases=names.aliases,
        alias_quality=names.qualities,
        countries=unique(countries),
        birth_dates=unique(birth_dates),
        identifiers=unique(
            bare_number(_text(document, "NUMBER"))
            for document in element.iterfind("INDIVIDUAL_DOCUMENT")
        ),
        addresses=unique(_address(address) for address in element.iterfind(f"{tag}_ADDRESS")),
        programmes=unique([_text(element, "UN_LIST_TYPE")]),
        listed_on=listed_on,
        remarks=_text(element, "COMMENTS1"),
    )
    return LocatedEntry(entry, location)


def _address(address: Element) -> str:
    structured = ", ".join(part for part in (_text(address, p) for p in ADDRESS_PARTS) if part)
    # Some addresses are only written out in NOTE ("Branch Office 2: Peshawar, Khyber
    # Paktunkhwa Province, Pakistan"); beside structured parts NOTE is a remark ("located in since
    # 2013"), not an address.
    return structured or _text(address, "NOTE")


def _add_date(text: str, birth_dates: list[str], warn: Warn, what: str) -> None:
    value = iso_date(text)
    if value is None:
        warn(f"{what} {text!r} is not a date; left out of the birth dates.")
    else:
        birth_dates.append(value)


def _read_birth_date(birth: Element, birth_dates: list[str], warn: Warn) -> None:
    date, year = _text(birth, "DATE"), _text(birth, "YEAR")
    first, last = _text(birth, "FROM_YEAR"), _text(birth, "TO_YEAR")
    note = _text(birth, "NOTE")
    if date:
        _add_date(date, birth_dates, warn, "DATE")
    if year:
        _add_date(year, birth_dates, warn, "YEAR")
    if first or last:
        years = None
        if first.isdigit() and last.isdigit():
            years = year_range(int(first), int(last))
        if years is None:
            warn(f"birth years {first!r} to {last!r} are not a range of years; left out.")
        else:
            birth_dates.extend(years)
    if note and not (date or year or first or last):
        # Some dates are only given in words ("August 1961", "Between Aug. and Sep. 1977").
        dates = _dates_in_words(note)
        if dates:
            birth_dates.extend(dates)
        else:
            warn(f"date of birth {note!r} is not a date; left out of the birth dates.")


def _dates_in_words(note: str) -> tuple[str, ...]:
    note = note.strip().rstrip(".")
    if note.lower().startswith("between ") and " and " in note:
        first, _and, rest = note[len("between ") :].partition(" and ")
        last = iso_date(rest)
        if last is not None:
            start = iso_date(f"{first} {last[:4]}")
            if start is not None:
                return (start, last)
    value = iso_date(note)
    return (value,) if value else ()
