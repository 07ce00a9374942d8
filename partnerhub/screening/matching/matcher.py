"""Screening: a query (a name and what else is known) against indexed list entries.

The score of a hit is the name similarity of the best-matching pair of names (score.py), plus
the contributions of the other features, each listed in the hit's explanation:

- name_similarity: the name score itself (0..1);
- token_overlap: 0, shown for the reader (the share of the query name that aligned);
- registration_number: raises the score to at least 0.9 on an exact match;
- birth_date: +0.05 when a listed date agrees; -0.1 for the same year (another day) or a
  year apart; -0.25 otherwise;
- country: +0.03 when a listed country agrees; -0.1 when the entry has countries and none agree;
- alias_quality: -0.15 when the best name is an alias the list itself marks "low" quality;
- kind: -0.25 when a person is compared with an organisation, vessel or aircraft.

The final score is clamped to 0..1, so the contributions sum to it except at the bounds.
One operating threshold works for persons and organisations alike: POTENTIAL_MATCH_THRESHOLD
flags a hit for review, MATCH_THRESHOLD calls it a match (bench/screening_quality.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from partnerhub.screening.matching.index import NameIndex
from partnerhub.screening.matching.normalise import NameForm, NameKind, normalise_name
from partnerhub.screening.matching.score import NameComparison, compare_forms
from partnerhub.screening.records import EntryKind, ListedEntry

POTENTIAL_MATCH_THRESHOLD = 0.7
MATCH_THRESHOLD = 0.9
CANDIDATES_PER_NAME = 20

IDENTIFIER_FLOOR = 0.9
DATE_AGREES = 0.05
DATE_OTHER_YEAR = -0.25
DATE_NEXT_YEAR = -0.1  # a year apart: listed birth dates are often approximate
DATE_OTHER_DAY = -0.1
COUNTRY_AGREES = 0.03
COUNTRY_CONFLICTS = -0.1
LOW_QUALITY_ALIAS = -0.15
KIND_MISMATCH = -0.25

_ENTRY_NAME_KINDS = {
    EntryKind.PERSON: NameKind.PERSON,
    EntryKind.ORGANISATION: NameKind.ORGANISATION,
    EntryKind.VESSEL: NameKind.OBJECT,
    EntryKind.AIRCRAFT: NameKind.OBJECT,
    EntryKind.OTHER: NameKind.UNKNOWN,
}
_QUERY_NAME_KINDS = {"person": NameKind.PERSON, "organisation": NameKind.ORGANISATION}


@dataclass(frozen=True)
class Query:
    name: str
    kind: str | None = None  # "person", "organisation" or None when unknown
    aliases: tuple[str, ...] = ()
    country: str = ""  # ISO 3166-1 alpha-2
    registration_number: str = ""
    birth_date: str = ""  # ISO 8601, possibly partial: "1965", "1965-04", "1965-04-29"


@dataclass(frozen=True)
class Feature:
    name: str
    value: float | str
    contribution: float
    detail: str


@dataclass(frozen=True)
class Explanation:
    features: tuple[Feature, ...]
    summary: str

    @property
    def total(self) -> float:
        return sum(feature.contribution for feature in self.features)


@dataclass(frozen=True)
class Hit:
    entry_ref: str
    entry_source: str
    entry_kind: str
    listed_name: str
    query_name: str
    score: float
    status: str  # "match" or "potential_match"
    explanation: Explanation


def name_kind(kind: str | None) -> NameKind:
    """The normalisation kind for a query kind ("person", "organisation", "vessel"...)."""
    if kind is None:
        return NameKind.UNKNOWN
    if kind in _QUERY_NAME_KINDS:
        return _QUERY_NAME_KINDS[kind]
    return _ENTRY_NAME_KINDS.get(EntryKind(kind), NameKind.UNKNOWN)


def name_features(comparison: NameComparison, query: NameForm) -> list[Feature]:
    aligned = sum(len(a.query.split()) for a in comparison.alignments)
    overlap = aligned / len(query.tokens) if query.tokens else 0.0
    return [
        Feature(
            "name_similarity",
            round(comparison.score, 4),
            comparison.score,
            "weighted token alignment (exact, rigour symbols, Levenshtein via rapidfuzz, "
            "metaphone, consonant skeleton): " + comparison.describe(),
        ),
        Feature(
            "token_overlap",
            round(overlap, 4),
            0.0,
            f"{aligned} of {len(query.tokens)} query tokens aligned with the listed name",
        ),
    ]


def compare_names(name1: str, name2: str, kind: str | None = None) -> tuple[float, Explanation]:
    """Similarity of two names of the same kind, 0..1, with its explanation."""
    form_kind = name_kind(kind)
    query = normalise_name(name1, form_kind)
    listed = normalise_name(name2, form_kind)
    comparison = compare_forms(query, listed)
    features = tuple(name_features(comparison, query))
    summary = f"'{name1}' and '{name2}' score {comparison.score:.2f}: {comparison.describe()}."
    return comparison.score, Explanation(features, summary)


def _normalise_identifier(value: str) -> str:
    return "".join(char for char in value.upper() if char.isalnum())


def _date_feature(query_date: str, listed_dates: tuple[str, ...]) -> Feature | None:
    if not query_date or not listed_dates:
        return None
    best: Feature | None = None
    near: Feature | None = None
    for listed in listed_dates:
        precision = min(len(query_date), len(listed))
        if query_date[:precision] == listed[:precision]:
            return Feature(
                "birth_date", listed, DATE_AGREES, f"birth date {query_date} agrees with {listed}"
            )
        if query_date[:4] == listed[:4]:
            best = Feature(
                "birth_date",
                listed,
                DATE_OTHER_DAY,
                f"birth date {query_date}: same year, other day than {listed}",
            )
        years = (listed[:4], query_date[:4])
        if all(y.isdigit() for y in years) and abs(int(years[0]) - int(years[1])) == 1:
            near = Feature(
                "birth_date",
                listed,
                DATE_NEXT_YEAR,
                f"birth date {query_date} is a year away from listed {listed}",
            )
    if best is not None:
        return best
    if near is not None:
        return near
    return Feature(
        "birth_date",
        ", ".join(listed_dates),
        DATE_OTHER_YEAR,
        f"birth date {query_date} conflicts with listed {', '.join(listed_dates)}",
    )


def _kind_conflicts(query_kind: NameKind, entry_kind: EntryKind) -> bool:
    if query_kind == NameKind.UNKNOWN or entry_kind == EntryKind.OTHER:
        return False
    return (query_kind == NameKind.PERSON) != (entry_kind == EntryKind.PERSON)


class Matcher:
    """Screens queries against list entries; built once, then used for many queries."""

    def __init__(self, entries: Iterable[ListedEntry]) -> None:
        self._entries: list[ListedEntry] = []
        self._forms: list[NameForm] = []
        self._name_entry: list[int] = []
        self._entry_names: list[list[int]] = []
        self._name_low_quality: list[bool] = []
        self._identifiers: dict[str, list[int]] = {}
        for entry in entries:
            entry_id = len(self._entries)
            self._entries.append(entry)
            self._entry_names.append([])
            kind = _ENTRY_NAME_KINDS[entry.kind]
            qualities = ("", *entry.alias_quality)
            seen: set[str] = set()
            for position, name in enumerate(entry.all_names):
                if not name or name in seen:
                    continue
                seen.add(name)
                form = normalise_name(name, kind)
                if not form.tokens:
                    continue
                quality = qualities[position] if position < len(qualities) else ""
                self._entry_names[entry_id].append(len(self._forms))
                self._forms.append(form)
                self._name_entry.append(entry_id)
                self._name_low_quality.append(quality.lower() == "low")
            for identifier in entry.identifiers:
                key = _normalise_identifier(identifier)
                if len(key) >= 4:
                    self._identifiers.setdefault(key, []).append(entry_id)
        self._index = NameIndex(self._forms)

    @property
    def name_count(self) -> int:
        return len(self._forms)

    @property
    def entry_count(self) -> int:
        return len(self._entries)

    def listed_form(self, name_id: int) -> NameForm:
        return self._forms[name_id]

    def listed_entry(self, name_id: int) -> ListedEntry:
        return self._entries[self._name_entry[name_id]]

    def candidate_names(self, query: Query) -> list[tuple[NameForm, list[int]]]:
        """Per query name, the listed names the index retrieves for it."""
        kind = name_kind(query.kind)
        found = []
        for name in (query.name, *query.aliases):
            form = normalise_name(name, kind)
            if form.tokens:
                found.append((form, self._index.candidates(form, CANDIDATES_PER_NAME)))
        return found

    def screen(
        self,
        query: Query,
        *,
        threshold: float,
        limit: int = 10,
        match_threshold: float = MATCH_THRESHOLD,
    ) -> list[Hit]:
        """Entries whose score reaches `threshold`, best first, at most `limit`."""
        best: dict[int, tuple[NameComparison, NameForm, int]] = {}
        for form, name_ids in self.candidate_names(query):
            for name_id in name_ids:
                comparison = compare_forms(form, self._forms[name_id])
                entry_id = self._name_entry[name_id]
                current = best.get(entry_id)
                if current is None or comparison.score > current[0].score:
                    best[entry_id] = (comparison, form, name_id)
        identifier_entries: set[int] = set()
        if query.registration_number:
            key = _normalise_identifier(query.registration_number)
            identifier_entries = set(self._identifiers.get(key, ()))
            form = normalise_name(query.name, name_kind(query.kind))
            for entry_id in identifier_entries - best.keys():
                scored = [
                    (compare_forms(form, self._forms[i]), i) for i in self._entry_names[entry_id]
                ]
                comparison, name_id = max(scored, key=lambda item: item[0].score)
                best[entry_id] = (comparison, form, name_id)

        hits: list[Hit] = []
        for entry_id, (comparison, form, name_id) in best.items():
            # Qualifiers only lower or nudge a score, so a name far below the threshold can
            # be skipped without building its explanation (the hot path of bulk screening).
            if (
                comparison.score + DATE_AGREES + COUNTRY_AGREES < threshold
                and entry_id not in identifier_entries
            ):
                continue
            hit = self._hit(query, form, comparison, entry_id, name_id, match_threshold)
            if hit.score >= threshold:
                hits.append(hit)
        hits.sort(key=lambda hit: (-hit.score, hit.entry_source, hit.entry_ref))
        return hits[:limit]

    def _hit(
        self,
        query: Query,
        form: NameForm,
        comparison: NameComparison,
        entry_id: int,
        name_id: int,
        match_threshold: float,
    ) -> Hit:
        entry = self._entries[entry_id]
        listed_name = self._forms[name_id].original
        features = name_features(comparison, form)
        sentences = [f"'{form.original}' is {comparison.score:.2f} similar to '{listed_name}'"]
        running = comparison.score

        if self._name_low_quality[name_id]:
            features.append(
                Feature(
                    "alias_quality",
                    "low",
                    LOW_QUALITY_ALIAS,
                    "the list marks this alias as low quality (too vague to identify anyone)",
                )
            )
            sentences.append("but it is a low-quality alias")
        query_kind = name_kind(query.kind)
        if _kind_conflicts(query_kind, entry.kind):
            features.append(
                Feature(
                    "kind",
                    f"{query.kind} vs {entry.kind.value}",
                    KIND_MISMATCH,
                    f"the query is a {query.kind}, the entry a {entry.kind.value}",
                )
            )
            sentences.append(f"the entry is a {entry.kind.value}, not a {query.kind}")
        date = _date_feature(query.birth_date, entry.birth_dates)
        if date is not None:
            features.append(date)
            sentences.append(
                "the birth date agrees" if date.contribution > 0 else "the birth date differs"
            )
        if query.country and entry.countries:
            country = query.country.upper()
            if country in entry.countries:
                features.append(
                    Feature(
                        "country",
                        country,
                        COUNTRY_AGREES,
                        f"{country} is among the entry's countries",
                    )
                )
                sentences.append(f"{country} agrees")
            else:
                listed = ", ".join(entry.countries)
                features.append(
                    Feature(
                        "country",
                        f"{country} vs {listed}",
                        COUNTRY_CONFLICTS,
                        f"{country} is not among the entry's countries ({listed})",
                    )
                )
                sentences.append(f"{country} is not among its countries ({listed})")
        running = sum(feature.contribution for feature in features)
        if query.registration_number:
            key = _normalise_identifier(query.registration_number)
            if any(_normalise_identifier(i) == key for i in entry.identifiers):
                raise_by = max(0.0, IDENTIFIER_FLOOR - running)
                features.append(
                    Feature(
                        "registration_number",
                        query.registration_number,
                        raise_by,
                        f"registration number {query.registration_number} matches exactly; "
                        f"score raised to at least {IDENTIFIER_FLOOR}",
                    )
                )
                sentences.append("the registration number matches exactly")
                running += raise_by
        score = min(1.0, max(0.0, running))
        status = "match" if score >= match_threshold else "potential_match"
        summary = (
            f"{status.replace('_', ' ').capitalize()} ({score:.2f}): " + "; ".join(sentences) + "."
        )
        return Hit(
            entry_ref=entry.ref,
            entry_source=entry.source.value,
            entry_kind=entry.kind.value,
            listed_name=listed_name,
            query_name=form.original,
            score=score,
            status=status,
            explanation=Explanation(tuple(features), summary),
        )
