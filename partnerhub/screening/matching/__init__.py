"""Sanctions-screening name matcher: plain Python, no Django (STYLE.md, convention 2).

`Matcher(entries).screen(query, threshold=...)` screens one query against indexed list
entries; `compare_names(name1, name2, kind)` scores one pair of names. See matcher.py for the
features of a hit, score.py for the name similarity, index.py for candidate retrieval and
normalise.py for what a name becomes before it is compared.
"""

from partnerhub.screening.matching.matcher import (
    MATCH_THRESHOLD,
    POTENTIAL_MATCH_THRESHOLD,
    Explanation,
    Feature,
    Hit,
    Matcher,
    Query,
    compare_names,
)

__all__ = [
    "MATCH_THRESHOLD",
    "POTENTIAL_MATCH_THRESHOLD",
    "Explanation",
    "Feature",
    "Hit",
    "Matcher",
    "Query",
    "compare_names",
]
