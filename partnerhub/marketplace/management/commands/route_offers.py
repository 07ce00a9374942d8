"""Route a CSV of offer texts to the UN entities whose mandates fit best, as submitted offers
are routed, without storing anything: for trying the routing on real offers in bulk."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.entities.models import UNEntity
from partnerhub.marketplace import engine
from partnerhub.vocabularies.models import Country

REQUIRED_COLUMNS = ("id", "text")
MAX_LIMIT = 20


@dataclass(frozen=True)
class OfferText:
    id: str
    text: str
    country: str | None


def _country_lookup() -> dict[str, str]:
    """ISO2 codes and country names (in every language the vocabulary has), casefolded."""
    lookup: dict[str, str] = {}
    for iso2, name, names in Country.objects.values_list("iso2", "name", "names"):
        for label in (name, *(names or {}).values()):
            lookup.setdefault(str(label).strip().casefold(), iso2)
    for iso2 in Country.objects.values_list("iso2", flat=True):
        lookup[iso2.casefold()] = iso2
    return lookup


def read_offers(path: Path) -> list[OfferText]:
    """Every row of the file, or a CommandError naming the first problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"No such file: {path}") from None
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path} is not UTF-8 text (undecodable byte at position {error.start}); "
            "save it as CSV UTF-8."
        ) from None
    reader = csv.DictReader(io.StringIO(content, newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise CommandError(
            f"{path} lacks the column(s) {', '.join(missing)}; the first line must name "
            "id, text and optionally country."
        )
    reader.fieldnames = columns
    countries = _country_lookup() if "country" in columns else {}
    offers: list[OfferText] = []
    seen: set[str] = set()
    try:
        for row in reader:
            line = reader.line_num
            offer_id = (row.get("id") or "").strip()
            text = (row.get("text") or "").strip()
            if not offer_id:
                raise CommandError(f"Line {line}: the id is empty.")
            if offer_id in seen:
                raise CommandError(f"Line {line}: the id {offer_id!r} appears twice.")
            seen.add(offer_id)
            if not text:
                raise CommandError(f"Line {line} (id {offer_id}): the text is empty.")
            country = (row.get("country") or "").strip()
            iso2 = None
            if country:
                iso2 = countries.get(country.casefold())
                if iso2 is None:
                    raise CommandError(
                        f"Line {line} (id {offer_id}): unknown country {country!r}; "
                        "use an ISO 3166-1 alpha-2 code such as KE, or the country's name."
                    )
            offers.append(OfferText(id=offer_id, text=text, country=iso2))
    except csv.Error as error:
        raise CommandError(f"Line {reader.line_num}: malformed CSV ({error}).") from None
    if not offers:
        raise CommandError(f"{path} has no offers below its header line.")
    return offers


def _write_atomically(path: Path, rows: list[dict[str, str]]) -> None:
    directory = path.resolve().parent
    if not directory.is_dir():
        raise CommandError(f"The output folder {directory} does not exist.")
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["id", "entities", "reasons"])
            writer.writeheader()
            writer.writerows(rows)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = (
        "Route offers in a CSV file (columns id, text and optionally country: an ISO2 code or "
        "a country name) to the UN entities whose mandates fit best, and write id, entities "
        "(';'-separated acronyms, best first) and reasons to another CSV. Stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path, help="CSV file with columns id,text[,country]")
        parser.add_argument("--output", type=Path, required=True, help="CSV file to write")
        parser.add_argument(
            "--limit", type=int, default=3, help=f"Entities per offer, 1 to {MAX_LIMIT} (default 3)"
        )

    def handle(self, *args: Any, input: Path, output: Path, limit: int, **options: Any) -> None:
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {MAX_LIMIT}.")
        if input.resolve() == output.resolve():
            raise CommandError("The output file must not be the input file.")
        offers = read_offers(input)
        if not UNEntity.objects.exists():
            raise CommandError(
                "There are no UN entities in the database to route to; "
                "load them first with `manage.py import_entities`."
            )
        if not UNEntity.objects.exclude(routing_profile__accepts_offers=False).exists():
            raise CommandError(
                "No UN entity receives routed offers: every routing profile has "
                "“receives routed offers” unticked."
            )
        rows = []
        unrouted = 0
        for offer in offers:
            choices = engine.route_text(
                text=offer.text, countries=[offer.country] if offer.country else [], limit=limit
            )
            if not choices:
                unrouted += 1
            rows.append(
                {
                    "id": offer.id,
                    "entities": ";".join(c.acronym for c in choices),
                    "reasons": " | ".join(f"{c.acronym}: {'; '.join(c.reasons)}" for c in choices),
                }
            )
        _write_atomically(output, rows)
        summary = (
            f"Routed {len(offers) - unrouted} of {len(offers)} offers from {input} to {output}"
        )
        summary += f" (up to {limit} entities each)."
        self.stdout.write(self.style.SUCCESS(summary))
        if unrouted:
            self.stdout.write(
                f"{unrouted} offer(s) fit no entity (no words or goals in common); "
                "their entities column is empty."
            )
