"""Read the OFAC SDN list in its legacy CSV layout (sdn.csv) into a `ListSnapshot`.

The file has no header; each line is one entry with 12 columns (`COLUMNS`), "-0-" stands for an
empty value, and the file ends with the DOS end-of-file byte 0x1A. Aliases, dates of birth,
nationalities and identification numbers are not columns: they are phrases in `remarks`
("a.k.a. 'X'; DOB 12 Jan 1960; nationality Iran; Passport A123 (Iran)."), parsed here. Addresses
and the alias list proper live in add.csv and alt.csv, which this parser does not read.

Plain Python, no Django imports.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

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
    build_snapshot,
    clean,
    country_code,
    date_range,
    describe_format,
    iso_date,
    refuse_empty,
    unique,
)

COLUMNS = (
    "ent_num",
    "name",
    "type",
    "program",
    "title",
    "call_sign",
    "vess_type",
    "tonnage",
    "grt",
    "vess_flag",
    "vess_owner",
    "remarks",
)
EMPTY = "-0-"
END_OF_FILE = "\x1a"
# The legacy layout cuts remarks at this many characters; what followed is lost.
REMARKS_LIMIT = 1000

KINDS = {
    "individual": EntryKind.PERSON,
    "vessel": EntryKind.VESSEL,
    "aircraft": EntryKind.AIRCRAFT,
    "": EntryKind.ORGANISATION,
}

# "a.k.a. 'X'", "f.k.a. 'X'" (formerly), "n.k.a. 'X'" (now known as). The closing quote is the one
# followed by the end of the phrase, because names contain apostrophes ("ABU-'UMAR").
ALIAS_PHRASE = re.compile(r"\b[afn]\.k\.a\.,?\s+'(?P<name>.*?)'(?=\s*;|\.?\s*$)")
PHRASE_SEPARATOR = re.compile(r"\s*;\s*")
ALTERNATIVE = re.compile(r"^alt\.\s+", re.IGNORECASE)
BIRTH_PHRASE = re.compile(r"^DOB\s+(?P<value>.+)$")
COUNTRY_PHRASE = re.compile(
    r"^(?:nationality|citizen|Nationality of Registration)\s+(?P<value>.+)$"
)
CIRCA = re.compile(r"^circa\s+", re.IGNORECASE)
RANGE = re.compile(r"^(?P<start>.+?)\s*(?:\bto\b|-)\s*(?P<end>\d.*|[A-Za-z]{3}.*)$")

# The labels OFAC puts before identification numbers in remarks, longest first so that
# "Identification Number IMO" wins over "Identification Number". Labels not listed here stay in
# the remarks text only.
IDENTIFIER_LABELS = (
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Mode S Transponder Code",
    "Aircraft Serial Identification",
    "Aircraft Tail Number",
    "Previous Aircraft Tail Number",
    "Birth Certificate Number",
    "Branch Unit Number",
    "British National Overseas Passport",
    "Business Number",
    "Business Registration Document #",
    "Business Registration Number",
    "BIK (RU)",
    "C.I.F.",
    "C.I.N.",
    "C.R. No.",
    "C.U.I.",
    "C.U.I.P.",
    "C.U.I.T.",
    "C.U.R.P. #",
    "C.U.R.P.",
    "Cartilla de Servicio Militar Nacional",
    "Cedula No.",
    "Central Registration System Number",
    "Certificate of Incorporation Number",
    "Chamber of Commerce Number",
    "Citizen's Card Number",
    "CNP (Personal Numerical Code)",
    "Commercial Registry Number",
    "Company Number IMO",
    "Company Number",
    "Credencial electoral",
    "D-U-N-S Number",
    "D.N.I.",
    "Digital Currency Address - [A-Z0-9]+",
    "Diplomatic Passport",
    "Driver's License No.",
    "Dubai Chamber of Commerce Membership No.",
    "Economic Register Number (CBLS)",
    "Electoral Registry No.",
    "Enterprise Number",
    "File Number",
    "Fiscal Code",
    "Folio Mercantil No.",
    "Government Gazette Number",
    "I.F.E.",
    "Identification Number IMO",
    "Identification Number",
    "Immigration No.",
    "ISIN",
    "Istanbul Chamber of Comm. No.",
    "Italian Fiscal Code",
    "Kenyan ID No.",
    "LE Number",
    "Legal Entity Number",
    "License",
    "Matricula Mercantil No",
    "Military Registration Number",
    "MMSI",
    "MSB Registration Number",
    "N.I.E.",
    "N.I.F.",
    "National Foreign ID Number",
    "National ID No.",
    "NIT #",
    "Numero de Identidad",
    "Organization Code",
    "Passport Booklet",
    "Passport",
    "Permit Number",
    "Personal ID Card",
    "Pilot License Number",
    "Public Registration Number",
    "R.F.C. #",
    "R.F.C.",
    "Refugee ID Card",
    "Registered Charity No.",
    "Registration Certificate Number (Dubai)",
    "Registration ID",
    "Registration Number",
    "Residency Number",
    "RFC",
    "RIF #",
    "RTN",
    "RUC #",
    "Seafarer's Identification Document",
    "SSN",
    "SRE Permit No.",
    "Stateless Person ID Card",
    "Stateless Person Passport",
    "SWIFT/BIC",
    "Tax ID No.",
    "Tazkira National ID Card",
    "Trade License No.",
    "Travel Document Number",
    "Turkish Identification Number",
    "UK Company Number",
    "Unified Social Credit Code (USCC)",
    "United Social Credit Code Certificate (USCCC)",
    "US FEIN",
    "V.A.T. Number",
    "Vessel Registration Identification IMO",
    "Vessel Registration Identification",
    "VisaNumberID",
)
_LABEL_PATTERNS = sorted(
    (label if "[" in label else re.escape(label) for label in IDENTIFIER_LABELS),
    key=len,
    reverse=True,
)
IDENTIFIER_PHRASE = re.compile(
    rf"^(?:{'|'.join(_LABEL_PATTERNS)})\s*[:#]?\s+(?P<value>.+)$", re.IGNORECASE
)
# The number ends where the issuing country, the issue or expiry date, or a comment begins:
# "Passport A123 (Iran) issued 01 Jan 2001 expires 01 Jan 2011".
IDENTIFIER_END = re.compile(r"\s+\(|\s+issued\b|\s+expires?\b|,\s", re.IGNORECASE)

Warn = Callable[[str], None]


def parse_ofac_sdn_csv(data: bytes, generated_at: str = "") -> ListSnapshot:
    """Parse one version of sdn.csv. `generated_at` is the file's date, which the file itself
    does not state (take it from the download or the publication notice).

    Raises `SourceFormatError` for a file that is empty, not this CSV layout, truncated (a row
    with the wrong number of columns, or a last row cut before its line ending), without entries,
    or with two different entries under one ent_num. A row that cannot become an entry (no
    ent_num, no name) is skipped with a warning naming its line; so is every oddity in a row
    that is kept.
    """
    refuse_empty(data)
    if _is_markup(data):
        raise SourceFormatError(
            f"Not an OFAC SDN CSV: the file looks like {describe_format(data)}."
        )
    text = _decode(data)
    warnings: list[str] = []
    if not generated_at:
        warnings.append("The file states no date and none was given; the list date is unknown.")

    stripped = text.rstrip("\r\n")
    if stripped.endswith(END_OF_FILE):
        body = stripped[: -len(END_OF_FILE)]
    else:
        body = text
        if not text.endswith(("\n", "\r")):
            raise SourceFormatError(
                f"Line {_line_count(body):,}: the last row ends without a line break and the "
                "file has no end-of-file marker (0x1A) — the file looks truncated."
            )
        warnings.append(
            "The file does not end with the end-of-file marker (0x1A) that OFAC's sdn.csv "
            "carries; if rows are missing at the end, the file was cut at a row boundary."
        )

    records = []
    rows_seen = 0
    reader = csv.reader(io.StringIO(body, newline=""), strict=True)
    last_line = _line_count(body)
    try:
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            rows_seen += 1
            if len(row) != len(COLUMNS):
                cause = (
                    "the file looks truncated"
                    if line == last_line
                    else "this is not the OFAC SDN CSV layout, or the row is damaged"
                )
                raise SourceFormatError(
                    f"Line {line:,}: expected {len(COLUMNS)} columns, found {len(row)} — {cause}."
                )
            record = _read_row(row, line, warnings)
            if record is not None:
                records.append(record)
    except csv.Error as error:
        raise SourceFormatError(
            f"Line {reader.line_num:,}: the CSV cannot be read ({error}) — the file looks "
            "truncated or damaged."
        ) from error
    return build_snapshot(
        source=Source.OFAC,
        data=data,
        generated_at=generated_at,
        records=records,
        warnings=warnings,
        records_seen=rows_seen,
    )


def _line_count(text: str) -> int:
    return text.rstrip("\r\n").count("\n") + 1


def _is_markup(data: bytes) -> bool:
    head = data[:64].removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith((b"<", b"{", b"["))


def _decode(data: bytes) -> str:
    # OFAC documents latin-1; the 2024 file is plain ASCII. UTF-8 is tried first because UTF-8
    # text read as latin-1 turns every accented letter into two wrong ones, while latin-1 text
    # is almost never valid UTF-8.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _value(cell: str) -> str:
    value = clean(cell)
    return "" if value == EMPTY else value


def _read_row(row: list[str], line: int, warnings: list[str]) -> LocatedEntry | None:
    values = dict(zip(COLUMNS, (_value(cell) for cell in row), strict=True))
    ref, name = values["ent_num"], values["name"]
    location = f"line {line:,}"
    if not ref.isdigit() or not name:
        problem = f"ent_num {ref!r} is not a number" if not ref.isdigit() else "no name"
        warnings.append(f"Line {line:,}: {problem}; the row was skipped.")
        return None

    def warn(message: str) -> None:
        warnings.append(f"Line {line:,} (ent_num {ref}): {message}")

    kind = KINDS.get(values["type"].lower())
    if kind is None:
        warn(f"unknown type {values['type']!r}; kept as 'other'.")
        kind = EntryKind.OTHER

    names = NameCollector(name)
    if kind is EntryKind.PERSON:
        names.add(person_name_in_order(name))
    remarks = values["remarks"]
    parsed = parse_remarks(remarks, warn)
    for alias in parsed.aliases:
        names.add(alias)
    if len(remarks) >= REMARKS_LIMIT and not remarks.endswith("."):
        warn(
            f"remarks stop mid-phrase at {REMARKS_LIMIT:,} characters (the legacy CSV's limit); "
            "aliases or numbers after the cut are missing."
        )

    countries = list(parsed.countries)
    if values["vess_flag"]:
        flag = country_code(values["vess_flag"])
        if flag is None:
            warn(f"unknown flag country {values['vess_flag']!r}; left out of the countries.")
        else:
            countries.append(flag)

    entry = ListedEntry(
        source=Source.OFAC,
        ref=ref,
        kind=kind,
        name=name,
        aliases=names.aliases,
        alias_quality=names.qualities,
        countries=unique(countries),
        birth_dates=unique(parsed.birth_dates),
        identifiers=unique([values["call_sign"], *parsed.identifiers]),
        programmes=split_programmes(values["program"]),
        remarks=remarks,
    )
    return LocatedEntry(entry, location)


def person_name_in_order(name: str) -> str:
    """The name in reading order, for "LAST, First" names: "AL-ZAWAHIRI, Ayman" ->
    "Ayman AL-ZAWAHIRI"; a suffix stays last: "LAVILLA, Ruben Pestano, Jr." ->
    "Ruben Pestano LAVILLA Jr.". Empty if the name has no comma."""
    last, separator, rest = name.partition(", ")
    if not separator or not rest:
        return ""
    given, _separator, suffix = rest.partition(", ")
    return clean(f"{given} {last} {suffix}")


def split_programmes(program: str) -> tuple[str, ...]:
    """Programme codes: the CSV joins several as "SDGT] [IFSR" -> ("SDGT", "IFSR")."""
    return unique(clean(part.strip("[]")) for part in program.split("] ["))


class RemarkFacts:
    def __init__(self) -> None:
        self.aliases: list[str] = []
        self.birth_dates: list[str] = []
        self.countries: list[str] = []
        self.identifiers: list[str] = []


def parse_remarks(remarks: str, warn: Warn) -> RemarkFacts:
    facts = RemarkFacts()
    for alias_match in ALIAS_PHRASE.finditer(remarks):
        alias = alias_match.group("name").strip()
        # "a.k.a. ''FOOPIE''": a nickname in its own quotes.
        if len(alias) > 1 and alias.startswith("'") and alias.endswith("'"):
            alias = alias[1:-1]
        facts.aliases.append(alias)
    rest = ALIAS_PHRASE.sub("", remarks)

    for raw_phrase in PHRASE_SEPARATOR.split(rest):
        phrase = ALTERNATIVE.sub("", raw_phrase.strip().rstrip(".").strip())
        if not phrase:
            continue
        if match := BIRTH_PHRASE.match(phrase):
            dates = birth_dates(match.group("value"))
            if dates:
                facts.birth_dates.extend(dates)
            else:
                warn(f"date of birth {match.group('value')!r} not understood; left out.")
        elif match := COUNTRY_PHRASE.match(phrase):
            code = country_code(match.group("value"))
            if code is None:
                warn(f"unknown country {match.group('value')!r}; left out of the countries.")
            else:
                facts.countries.append(code)
        elif match := IDENTIFIER_PHRASE.match(phrase):
            # The leading space lets a phrase without a number ("Passport issued 21 Jun 1992")
            # split to nothing.
            number = IDENTIFIER_END.split(" " + match.group("value"), maxsplit=1)[0].strip()
            if any(character.isdigit() for character in number):
                facts.identifiers.append(number)
    return facts


def birth_dates(value: str) -> tuple[str, ...]:
    """ISO dates (possibly partial) from a DOB phrase: "12 Jan 1960", "Jan 1960", "1960",
    "circa 1960", "1960 to 1962", "circa 1960-1962", "01 Jan 1960 to 31 Dec 1962". Empty if not
    understood."""
    value = CIRCA.sub("", clean(value))
    single = iso_date(value)
    if single is not None:
        return (single,)
    match = RANGE.match(value)
    if match is None:
        return ()
    start, end = iso_date(match.group("start")), iso_date(match.group("end"))
    if start is None or end is None:
        return ()
    return date_range(start, end) or ()
