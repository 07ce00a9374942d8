"""Candidate retrieval: an inverted index from name tokens to listed names.

A query never scans the list. Each query token is looked up under five kinds of key, each
pointing to the listed tokens (the vocabulary) that may be the same word:

- the token itself;
- its deletion neighbourhood (every form with one letter removed, as in SymSpell): two tokens
  that share a form are at most two edits apart, so "Tayota" finds "Toyota" and "Cristalord"
  finds "Crystalord" with a dictionary look-up instead of a string comparison per name;
- its metaphone key ("Scholze" -> "Scholz"), for spellings further apart;
- its consonant skeleton when either side comes from an abjad script ("mhmd" <-> "mohammed");
- the rigour name symbol it carries (the same given name in Latin, Cyrillic, Arabic...).

Adjacent listed tokens are also filed joined ("good will" under "goodwill"), and adjacent query
tokens are looked up joined, so word splitting and joining does not lose a candidate.

Each listed name found collects, per query token, the token's weight times its inverse
document frequency (a rare word says more than "company" or "al"). Tokens so common that their
postings would cover a large part of the list only add to names found through rarer tokens. The
best-covered names are returned, at most `limit`, and only those covering a minimum share of
the query - the bounded candidate set that the scorer then compares in full.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from partnerhub.screening.matching.normalise import NameForm, Token

SIM_EXACT = 1.0
SIM_TYPO = 0.8
SIM_PHONETIC = 0.7
SIM_SYMBOL = 0.9
SIM_SKELETON = 0.8
MIN_TYPO_LENGTH = 4
# A token whose postings exceed this share of all names is only used to rank names found
# through other tokens (unless nothing else was found).
COMMON_SHARE = 0.02
MIN_COVERAGE = 0.4


def _deletions(text: str) -> set[str]:
    return {text[:i] + text[i + 1 :] for i in range(len(text))}


class NameIndex:
    def __init__(self, forms: Sequence[NameForm]) -> None:
        self._size = len(forms)
        self._postings: dict[str, set[int]] = {}
        self._symbol_postings: dict[str, set[int]] = {}
        for name_id, form in enumerate(forms):
            tokens = form.tokens
            for token in tokens:
                self._postings.setdefault(token.text, set()).add(name_id)
                for symbol in token.symbols:
                    if symbol.startswith(("N:", "K:")):
                        self._symbol_postings.setdefault(symbol, set()).add(name_id)
            for first, second in itertools.pairwise(tokens):
                self._postings.setdefault(first.text + second.text, set()).add(name_id)
        self._variants: dict[str, list[str]] = {}
        self._phonetic: dict[str, list[str]] = {}
        self._skeletons: dict[str, list[str]] = {}
        self._abjad_skeletons: dict[str, list[str]] = {}
        vocabulary: dict[str, Token] = {}
        for form in forms:
            for token in form.tokens:
                vocabulary.setdefault(token.text, token)
        for text, token in vocabulary.items():
            if len(text) >= MIN_TYPO_LENGTH and not token.is_number:
                for variant in _deletions(text):
                    self._variants.setdefault(variant, []).append(text)
            if token.phonetic and len(text) >= MIN_TYPO_LENGTH:
                self._phonetic.setdefault(token.phonetic, []).append(text)
            if len(token.skeleton) >= 2:
                self._skeletons.setdefault(token.skeleton, []).append(text)
                if token.is_abjad:
                    self._abjad_skeletons.setdefault(token.skeleton, []).append(text)
        self._idf = {
            key: math.log(1.0 + self._size / len(ids)) for key, ids in self._postings.items()
        }
        self._symbol_idf = {
            key: math.log(1.0 + self._size / len(ids)) for key, ids in self._symbol_postings.items()
        }
        self._common_size = max(50, int(COMMON_SHARE * self._size))

    def __len__(self) -> int:
        return self._size

    def _lookups(self, token: Token) -> list[tuple[set[int], float]]:
        """Postings that may hold the token, with how sure each look-up is and its idf."""
        found: dict[str, float] = {}
        text = token.text
        if text in self._postings:
            found[text] = SIM_EXACT
        if len(text) >= MIN_TYPO_LENGTH and not token.is_number:
            for variant in (text, *_deletions(text)):
                for listed in self._variants.get(variant, ()):
                    if listed not in found:
                        found[listed] = SIM_TYPO
            for listed in self._phonetic.get(token.phonetic, ()) if token.phonetic else ():
                found.setdefault(listed, SIM_PHONETIC)
        if len(token.skeleton) >= 2:
            skeletons = self._skeletons if token.is_abjad else self._abjad_skeletons
            for listed in skeletons.get(token.skeleton, ()):
                found.setdefault(listed, SIM_SKELETON)
        lookups = [
            (self._postings[listed], sim * self._idf[listed]) for listed, sim in found.items()
        ]
        for symbol in token.symbols:
            ids = self._symbol_postings.get(symbol)
            if ids is not None:
                lookups.append((ids, SIM_SYMBOL * self._symbol_idf[symbol]))
        return lookups

    def candidates(self, form: NameForm, limit: int = 20) -> list[int]:
        """Ids of the listed names most likely to match `form`, best first."""
        tokens = list(form.tokens)
        # (weight, look-ups, whether the unit counts towards the coverage the query could reach)
        units: list[tuple[float, list[tuple[set[int], float]], bool]] = []
        for token in tokens:
            units.append((token.weight, self._lookups(token), True))
        for first, second in itertools.pairwise(tokens):
            joined = first.text + second.text
            if joined in self._postings:
                weight = max(first.weight, second.weight)
                units.append((weight, [(self._postings[joined], self._idf[joined])], False))
        # Rarest first, so common tokens can be limited to ranking what rarer ones found.
        units.sort(key=lambda unit: sum(len(ids) for ids, _ in unit[1]))
        scores: dict[int, float] = {}
        possible = 0.0
        for weight, lookups, counts in units:
            if not lookups:
                possible += weight * math.log(1.0 + self._size) if counts else 0.0
                continue
            if counts:
                possible += weight * max(gain for _, gain in lookups)
            total = sum(len(ids) for ids, _ in lookups)
            only_rank = total > self._common_size and scores
            gains: dict[int, float] = {}
            for ids, gain in sorted(lookups, key=lambda lookup: lookup[1], reverse=True):
                value = weight * gain
                if only_rank and len(scores) < len(ids):
                    found = [name_id for name_id in scores if name_id in ids]
                elif only_rank:
                    found = [name_id for name_id in ids if name_id in scores]
                else:
                    found = list(ids)
                for name_id in found:
                    if name_id not in gains:
                        gains[name_id] = value
            for name_id, value in gains.items():
                scores[name_id] = scores.get(name_id, 0.0) + value
        if not scores or possible <= 0:
            return []
        floor = MIN_COVERAGE * possible
        ranked = sorted(
            (name_id for name_id, score in scores.items() if score >= floor),
            key=lambda name_id: scores[name_id],
            reverse=True,
        )
        return ranked[:limit]
