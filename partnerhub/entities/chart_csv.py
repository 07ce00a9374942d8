"""Read the UN System Chart entity file (un-entities.csv) into plain rows.

Plain Python on purpose (no Django): it only knows the file's columns and their quirks, so it can
be tested and reused without a database. Row numbers follow a spreadsheet: the header is row 1,
the first entity is row 2.
"""

from __future__ import annotations

import ast
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

ORGAN_SEPARATOR = "; "

# The columns the importer maps onto model fields. A file without one of them is refused rather
# than imported with that field blanked for every entity (e.g. after an upstream rename).
REQUIRED_COLUMNS = (
    "entity",
    "entity_long",
    "entity_aliases",
    "entity_description",
    "entity_link",
    "entity_headquarters",
    "un_principal_organ",
    "category",
    "subcategory",
    "is_ceb_member",
    "foundational_mandate",
)

# Optional link columns -> key in UNEntity.links. Logo files and news pages are left out: they do
# not help a company decide how to work with the entity.
LINK_COLUMNS = {
    "strategic_plan_link": "strategic_plan",
    "annual_reports_link": "annual_reports",
    "results_framework_link": "results_framework",
    "transparency_portal_link": "transparency_portal",
    "budget_financial_reporting_link": "budget",
    "organizational_chart_link": "organizational_chart",
    "entity_data_page": "data",
    "entity_branding_page": "brand_guidelines",
    "entity_careers_page": "careers",
    "entity_mandate_registry": "mandate_registry",
    "entity_wikipedia_page": "wikipedia",
    "socials_linkedin": "linkedin",
    "socials_twitter": "x",
    "socials_instagram": "instagram",
}

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0", ""}
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((\S+?\)?)\)")
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")


@dataclass(frozen=True)
class ChartRow:
    row_number: int
    acronym: str
    name: str
    aliases: list[str]
    description: str
    website: str
    headquarters: str
    principal_organ: str
    category: str
    subcategory: str
    is_ceb_member: bool
    foundational_mandate: str
    links: dict[str, str]


@dataclass
class ChartFile:
    rows: list[ChartRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def clean_url(value: str) -> str:
    """A usable http(s) URL, or "" for the file's placeholders ("No link found", "Not found.")."""
    value = value.strip()
    if value.lower().startswith("www."):
        value = "https://" + value
    if re.match(r"^https?://\S+$", value, flags=re.IGNORECASE):
        return value
    return ""


def plain_text(markdown: str) -> str:
    """The foundational-mandate column holds a little Markdown; keep its words and URLs only."""
    text = markdown.replace("\xa0", " ")
    text = _MARKDOWN_LINK.sub(r"\1 (\2)", text)
    text = _ANGLE_URL.sub(r"\1", text)
    text = text.replace("**", "").replace("__", "")
    return "\n".join(line.strip() for line in text.strip().splitlines())


def parse_organs(value: str) -> str:
    """One organ, or a Python list literal of several ("['General Assembly', 'Security
    Council']"), as "Organ A; Organ B"."""
    value = value.strip()
    if value.startswith("["):
        try:
            organs = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
        if isinstance(organs, list):
            return ORGAN_SEPARATOR.join(
                str(organ).strip() for organ in organs if str(organ).strip()
            )
    return value


def split_organs(value: str) -> list[str]:
    return [organ.strip() for organ in value.split(ORGAN_SEPARATOR.strip()) if organ.strip()]


def parse_aliases(value: str) -> list[str]:
    return [alias.strip() for alias in re.split(r"[;|,]", value) if alias.strip()]


def parse_bool(value: str) -> bool | None:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def read_chart_csv(path: Path) -> ChartFile:
    """Every row of the file, or the reasons it cannot be imported. Errors are collected for the
    whole file, so one run names every bad row."""
    result = ChartFile()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            if not columns:
                result.errors.append(f"{path.name}: the file is empty (no header row).")
                return result
            missing = [column for column in REQUIRED_COLUMNS if column not in columns]
            if missing:
                listed = ", ".join(missing)
                result.errors.append(
                    f"{path.name}: required column(s) missing from the header: {listed}."
                )
                return result
            records = list(reader)
    except FileNotFoundError:
        result.errors.append(f"{path}: no such file.")
        return result
    except UnicodeDecodeError as exc:
        result.errors.append(f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start}).")
        return result
    except (OSError, csv.Error) as exc:
        result.errors.append(f"{path.name}: cannot be read as CSV ({exc}).")
        return result

    first_row_of: dict[str, int] = {}
    for index, record in enumerate(records):
        row_number = index + 2
        if None in record:
            result.errors.append(f"Row {row_number}: more values than columns in the header.")
            continue
        values = {key: (value or "") for key, value in record.items()}
        acronym = values["entity"].strip()
        if not acronym:
            result.errors.append(f"Row {row_number}: the acronym (column 'entity') is empty.")
            continue
        if acronym in first_row_of:
            first = first_row_of[acronym]
            result.errors.append(
                f"Row {row_number}: acronym {acronym!r} already appears in row {first}."
            )
            continue
        first_row_of[acronym] = row_number
        name = values["entity_long"].strip()
        if not name:
            result.errors.append(
                f"Row {row_number} ({acronym}): the name (column 'entity_long') is empty."
            )
            continue
        is_ceb_member = parse_bool(values["is_ceb_member"])
        if is_ceb_member is None:
            result.errors.append(
                f"Row {row_number} ({acronym}): is_ceb_member must be True, False or empty, "
                f"not {values['is_ceb_member']!r}."
            )
            continue
        links = {
            key: url
            for column, key in LINK_COLUMNS.items()
            if (url := clean_url(values.get(column, "")))
        }
        result.rows.append(
            ChartRow(
                row_number=row_number,
                acronym=acronym,
                name=name,
                aliases=parse_aliases(values["entity_aliases"]),
                description=values["entity_description"].strip(),
                website=clean_url(values["entity_link"]),
                headquarters=values["entity_headquarters"].strip(),
                principal_organ=parse_organs(values["un_principal_organ"]),
                category=values["category"].strip(),
                subcategory=values["subcategory"].strip(),
                is_ceb_member=is_ceb_member,
                foundational_mandate=plain_text(values["foundational_mandate"]),
                links=links,
            )
        )
    return result
