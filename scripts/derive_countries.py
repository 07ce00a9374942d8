"""Derive partnerhub/vocabularies/data/countries.csv and regions.csv.

Source: the OCHA "Countries & Territories Taxonomy" CSV shipped inside the MIT-licensed
hdx-python-country 4.2.5 wheel (hdx/location/Countries & Territories Taxonomy MVP - C&T
Taxonomy.csv): ISO 3166-1 codes, UN M49 codes, M49 names in the six UN languages, and the
M49 region / sub-region / intermediate-region of each country. Region names in languages other
than English come from Babel's CLDR data (territory names keyed by M49 code).

Run: python scripts/derive_countries.py PATH_TO_TAXONOMY_CSV
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from babel import Locale

OUT = Path(__file__).resolve().parent.parent / "partnerhub" / "vocabularies" / "data"
# Names in the source that are not usable as written. The M49 Arabic name of the Netherlands
# carries a placeholder ("هولندا (مملكة _)"); UNTERM's short form is used instead.
CORRECTIONS = {("NL", "ar"): "مملكة هولندا"}
LANGS = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "zh": "Chinese",
    "ar": "Arabic",
}


def main(source: str) -> None:
    with Path(source).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    countries = []
    regions: dict[str, dict[str, str]] = {}
    for row in rows:
        iso2 = row["ISO 3166-1 Alpha 2-Codes"].strip()
        if not iso2 or row["Deprecated"] == "Y":
            continue
        names = {}
        for code, label in LANGS.items():
            names[code] = (
                row[f"M49 {label}"].strip()
                or row[f"{label} Short"].strip()
                or (row["Preferred Term"].strip() if code == "en" else "")
            )
        for (code_iso2, lang), name in CORRECTIONS.items():
            if code_iso2 == iso2:
                names[lang] = name
        levels = [
            ("region", row["Region Code"], row["Region Name"], ""),
            ("subregion", row["Sub-region Code"], row["Sub-region Name"], row["Region Code"]),
            (
                "intermediate",
                row["Intermediate Region Code"],
                row["Intermediate Region Name"],
                row["Sub-region Code"],
            ),
        ]
        for level, code, name, parent in levels:
            if code and code not in regions:
                m49 = code.zfill(3)
                entry = {"m49": m49, "level": level, "parent": parent.zfill(3) if parent else ""}
                for lang in LANGS:
                    entry[f"name_{lang}"] = Locale.parse(lang).territories.get(m49, "")
                entry["name_en"] = name
                regions[code] = entry
        countries.append(
            {
                "iso2": iso2,
                "iso3": row["ISO 3166-1 Alpha 3-Codes"].strip(),
                "m49": row["m49 numerical code"].strip().zfill(3),
                **{f"name_{lang}": names[lang] for lang in LANGS},
                "region": row["Region Code"].zfill(3) if row["Region Code"] else "",
                "subregion": row["Sub-region Code"].zfill(3) if row["Sub-region Code"] else "",
                "intermediate_region": (
                    row["Intermediate Region Code"].zfill(3)
                    if row["Intermediate Region Code"]
                    else ""
                ),
            }
        )
    countries.sort(key=lambda c: c["iso2"])
    with (OUT / "countries.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(countries[0]))
        writer.writeheader()
        writer.writerows(countries)
    ordered = sorted(
        regions.values(),
        key=lambda r: ({"region": 0, "subregion": 1, "intermediate": 2}[r["level"]], r["m49"]),
    )
    with (OUT / "regions.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ordered[0]))
        writer.writeheader()
        writer.writerows(ordered)
    print(f"{len(countries)} countries, {len(ordered)} regions written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
