"""Evaluation of the Aurora SDG queries (Scopus syntax) on plain text.

The Aurora Universities Network publishes one boolean query per SDG target (CC BY 4.0). They are
compiled once by `compile_aurora_xml` into nested lists (shipped in data/aurora_queries.json) and
evaluated here on tokens: a phrase matches consecutive tokens (``*`` is a prefix wildcard),
``W/n`` requires both sides within n intervening words, ``AND``/``OR``/``AND NOT`` are boolean.
Scopus precedence is kept: OR binds tighter than W/n, which binds tighter than AND, then AND NOT.
A match returns the token spans that satisfied it, so the words can be shown as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from partnerhub.sdg_tagger.text import Token, fold

Span = tuple[int, int]
# A compiled query node: ["p", [pattern, ...]] | ["or", [node, ...]] | ["and", [node, ...]]
# | ["w", n, [node, ...]] | ["not", node, node]
Node = list[Any]

_LEXEME = re.compile(r'\(|\)|"[^"]*"|\{[^}]*\}|W/\d+|PRE/\d+|[^\s()"{}]+', re.IGNORECASE)
_PATTERN_WORD = re.compile(r"[\w*]+", re.UNICODE)


class QueryParseError(ValueError):
    pass


def _phrase_patterns(phrase: str) -> list[str]:
    return [fold(part) for part in _PATTERN_WORD.findall(phrase) if part.strip("*")]


def parse_query(query: str) -> Node:
    lexemes = _LEXEME.findall(query)
    position = 0

    def peek() -> str | None:
        return lexemes[position] if position < len(lexemes) else None

    def take() -> str:
        nonlocal position
        position += 1
        return lexemes[position - 1]

    def is_keyword(lexeme: str | None, keyword: str) -> bool:
        return lexeme is not None and lexeme.upper() == keyword

    def atom() -> Node:
        lexeme = take()
        if lexeme == "(":
            node = and_not()
            if take() != ")":
                raise QueryParseError(f"unbalanced parenthesis in {query!r}")
            return node
        if lexeme == ")":
            raise QueryParseError(f"unexpected ')' in {query!r}")
        patterns = _phrase_patterns(lexeme.strip('"{}'))
        return ["p", patterns]

    def or_expr() -> Node:
        nodes = [atom()]
        while is_keyword(peek(), "OR"):
            take()
            nodes.append(atom())
        return nodes[0] if len(nodes) == 1 else ["or", nodes]

    def within() -> Node:
        node = or_expr()
        while (lexeme := peek()) is not None and re.fullmatch(r"(?i)(W|PRE)/\d+", lexeme):
            distance = int(take().split("/")[1])
            node = ["w", distance, [node, or_expr()]]
        return node

    def and_expr() -> Node:
        nodes = [within()]
        while is_keyword(peek(), "AND") and not (
            position + 1 < len(lexemes) and lexemes[position + 1].upper() == "NOT"
        ):
            take()
            nodes.append(within())
        return nodes[0] if len(nodes) == 1 else ["and", nodes]

    def and_not() -> Node:
        node = and_expr()
        while is_keyword(peek(), "AND"):
            take()
            if not is_keyword(take(), "NOT"):
                raise QueryParseError(f"expected NOT in {query!r}")
            node = ["not", node, and_expr()]
        return node

    node = and_not()
    if position != len(lexemes):
        raise QueryParseError(f"trailing text {lexemes[position:]!r} in {query!r}")
    return node


def safe_xml_parser() -> Any:
    # Shipped or shared data files, but never let a parser fetch URLs or expand entities.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def compile_aurora_xml(directory: Path) -> list[dict[str, Any]]:
    """One entry per Aurora target query: {"goal", "target", "query"}."""
    namespaces = {
        "aqd": "http://aurora-network.global/queries/namespace/",
        "dc": "http://dublincore.org/documents/dcmi-namespace/",
    }
    compiled: list[dict[str, Any]] = []
    for goal in range(1, 18):
        root = etree.parse(str(directory / f"query_SDG{goal}.xml"), safe_xml_parser()).getroot()
        for definition in root.iter(f"{{{namespaces['aqd']}}}query-definition"):
            uri = definition.find("dc:identifier[@type='uri']", namespaces)
            target = (uri.text or "").rsplit("/", 1)[-1].strip() if uri is not None else ""
            lines = [
                " ".join((line.text or "").split())
                for line in definition.iter(f"{{{namespaces['aqd']}}}query-line")
                if line.get("field") == "TITLE-ABS-KEY" and (line.text or "").strip()
            ]
            if not lines:
                continue
            nodes = [parse_query(line) for line in lines]
            query = nodes[0] if len(nodes) == 1 else ["or", nodes]
            compiled.append({"goal": goal, "target": target, "query": query})
    return compiled


class _TextIndex:
    """Token positions of one text, with a per-text cache of phrase matches."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.words = [token.norm for token in tokens]
        self.positions: dict[str, list[int]] = {}
        for index, word in enumerate(self.words):
            self.positions.setdefault(word, []).append(index)
        self._cache: dict[tuple[str, ...], list[Span]] = {}

    def _starts(self, pattern: str) -> list[int]:
        if pattern.endswith("*"):
            prefix = pattern.rstrip("*")
            found: list[int] = []
            for word, positions in self.positions.items():
                if word.startswith(prefix):
                    found.extend(positions)
            return found
        return self.positions.get(pattern, [])

    def phrase(self, patterns: Sequence[str]) -> list[Span]:
        key = tuple(patterns)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        spans: list[Span] = []
        if patterns:
            for start in self._starts(patterns[0]):
                end = start + len(patterns)
                if end <= len(self.words) and all(
                    _word_matches(self.words[start + offset], pattern)
                    for offset, pattern in enumerate(patterns[1:], start=1)
                ):
                    spans.append((start, end))
        self._cache[key] = spans
        return spans


def _word_matches(word: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern.rstrip("*"))
    return word == pattern


def _within(left: list[Span], right: list[Span], distance: int) -> list[Span]:
    matched: set[Span] = set()
    for a in left:
        for b in right:
            gap = b[0] - a[1] if b[0] >= a[1] else a[0] - b[1]
            if gap <= distance:
                matched.add(a)
                matched.add(b)
    return sorted(matched)


def evaluate(node: Node, index: _TextIndex) -> list[Span]:
    kind = node[0]
    if kind == "p":
        return index.phrase(node[1])
    if kind == "or":
        spans: set[Span] = set()
        for child in node[1]:
            spans.update(evaluate(child, index))
        return sorted(spans)
    if kind == "and":
        spans = set()
        for child in node[1]:
            child_spans = evaluate(child, index)
            if not child_spans:
                return []
            spans.update(child_spans)
        return sorted(spans)
    if kind == "w":
        left = evaluate(node[2][0], index)
        if not left:
            return []
        return _within(left, evaluate(node[2][1], index), node[1])
    if kind == "not":
        left = evaluate(node[1], index)
        if not left or evaluate(node[2], index):
            return []
        return left
    raise QueryParseError(f"unknown node {kind!r}")


def match_queries(
    queries: Sequence[dict[str, Any]], tokens: Sequence[Token]
) -> list[tuple[int, str, list[Span]]]:
    """(goal, target, matched spans) for every query that matches the tokens."""
    index = _TextIndex(tokens)
    hits = []
    for query in queries:
        spans = evaluate(query["query"], index)
        if spans:
            hits.append((query["goal"], query["target"], spans))
    return hits
