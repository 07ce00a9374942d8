"""Text handling for full-text search in the six UN languages, in plain Python (no Django).

The database engines (SQLite FTS5, PostgreSQL text search) only ever see what this module
produces: lower-case, accent-free tokens separated by spaces. Doing the language work here,
once, keeps the two engines in agreement and makes every rule testable on its own:

- `normalise` folds text: NFKC (full-width letters, ligatures, Arabic presentation forms),
  case folding, Latin/Greek/Cyrillic diacritics removed (é -> e, ё -> е), Arabic harakat and
  tatweel removed, alef forms unified (أ إ آ ٱ -> ا), alef maqsura -> ya, ta marbuta -> ha.
  It works character by character, so an offset in the folded text maps back to the original
  (`snippet` relies on that to highlight the words as the author wrote them).
- Words are runs of letters and digits. Arabic words lose a leading definite article
  (ال, وال, بال, كال, فال, لل) so that "المياه" and "مياه" meet.
- Chinese (and Japanese kana) has no spaces, so word tokenisers miss it: a run of ideographs
  is indexed as overlapping character bigrams (水资源 -> 水资 资源), which a query's own bigrams
  match as a phrase; the single characters of every run are indexed too, after the main
  stream (so bigram phrases stay contiguous), for one-character queries.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

# Combining marks removed by folding: the Latin/Greek/Cyrillic combining diacritics and the
# Arabic harakat (fatha, damma, kasra, tanwin, shadda, sukun, dagger alef, Quranic marks).
_STRIPPED_MARKS = re.compile(
    "[\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]"
)
_ARABIC_LETTERS = {
    "\u0622": "\u0627",  # alef with madda above
    "\u0623": "\u0627",  # alef with hamza above
    "\u0625": "\u0627",  # alef with hamza below
    "\u0671": "\u0627",  # alef wasla
    "\u0649": "\u064a",  # alef maqsura -> ya
    "\u0629": "\u0647",  # ta marbuta -> ha
    "\u0640": "",  # tatweel (kashida), a stretching stroke
}

_CJK_CHARS = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0003134f"  # extensions B-G
)
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK_CHARS}]+)|(?P<word>[^\W_{_CJK_CHARS}]+)")
_CJK_CHAR = re.compile(f"[{_CJK_CHARS}]")
_ARABIC_WORD = re.compile("[\u0600-\u06ff]")
_ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")

# Search-engine operators typed in capitals are not words the user is looking for.
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT|NEAR)\b")
# A query is cut to this many characters and groups: longer ones add cost, not precision.
MAX_QUERY_CHARS = 200
MAX_QUERY_GROUPS = 12
# The last word of a query is also matched as a prefix ("wat" finds "water") from this length.
PREFIX_MIN_CHARS = 3


def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).casefold()
    folded = _STRIPPED_MARKS.sub("", unicodedata.normalize("NFD", folded))
    folded = unicodedata.normalize("NFC", folded)
    return "".join(_ARABIC_LETTERS.get(c, c) for c in folded)


class _FoldTable(dict[int, str]):
    """A `str.translate` table filled lazily: each code point is folded once per process."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def normalise(text: str) -> str:
    """`text` folded for matching (see the module docstring); one pass of `str.translate`."""
    return text.translate(_FOLD)


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character
    it came from (plus a final entry for the end)."""
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _FOLD[ord(char)]
        pieces.append(folded)
        origin.extend([index] * len(folded))
    origin.append(len(text))
    return "".join(pieces), origin


def _word_key(word: str) -> str:
    """The indexed form of a folded word: Arabic words without their definite article."""
    if _ARABIC_WORD.match(word):
        for article in _ARABIC_ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 2:
                return word[len(article) :]
    return word


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """The tokens of `text` in order: folded words and CJK bigrams (no trailing unigrams)."""
    result: list[str] = []
    for match in _TOKEN.finditer(normalise(text)):
        if match.lastgroup == "cjk":
            result.extend(_bigrams(match.group()))
        else:
            result.append(_word_key(match.group()))
    return result


def index_text(text: str) -> str:
    """What the database indexes for `text`: the token stream, then the single ideographs of
    its CJK runs (for one-character queries), space-separated."""
    folded = normalise(text)
    stream: list[str] = []
    unigrams: list[str] = []
    for match in _TOKEN.finditer(folded):
        if match.lastgroup == "cjk":
            run = match.group()
            stream.extend(_bigrams(run))
            if len(run) > 1:
                unigrams.extend(run)
        else:
            stream.append(_word_key(match.group()))
    return " ".join(stream + unigrams)


@dataclass(frozen=True)
class QueryGroup:
    """Tokens that must appear next to each other in this order (one word, or the bigrams of
    one CJK run); `prefix` when the last token may be the start of a longer word."""

    tokens: tuple[str, ...]
    prefix: bool = False


def query_groups(query: str) -> list[QueryGroup]:
    """The groups a document must all contain (AND) to match `query`. Everything that is not
    a letter or digit (FTS operators, quotes, brackets) is a separator, so no user input can
    reach the engines as syntax. The last word is a prefix too unless the query ends with a
    space (the user is still typing it)."""
    query = _OPERATORS.sub(" ", query[:MAX_QUERY_CHARS])
    groups: list[QueryGroup] = []
    seen: set[tuple[str, ...]] = set()
    matches = list(_TOKEN.finditer(normalise(query)))
    for position, match in enumerate(matches):
        if match.lastgroup == "cjk":
            group = tuple(_bigrams(match.group()))
        else:
            group = (_word_key(match.group()),)
        if group in seen:
            continue
        seen.add(group)
        is_last = position == len(matches) - 1
        prefix = (
            is_last
            and match.lastgroup == "word"
            and not query[-1:].isspace()
            and len(group[0]) >= PREFIX_MIN_CHARS
        )
        groups.append(QueryGroup(group, prefix))
    return groups[:MAX_QUERY_GROUPS]


def query_terms(query: str) -> list[str]:
    """The tokens of `query` a document must contain, flattened (for display and tests)."""
    return [token for group in query_groups(query) for token in group.tokens]


def _match_spans(folded: str, groups: list[QueryGroup]) -> list[tuple[int, int, int]]:
    """(start, end, group number) of every match of the query groups in folded text."""
    spans: list[tuple[int, int, int]] = []
    words: dict[str, int] = {}
    prefixes: list[tuple[str, int]] = []
    cjk_runs: list[tuple[str, int]] = []
    for n, group in enumerate(groups):
        if _is_cjk(group.tokens[0]):
            cjk_runs.append((_unbigram(group.tokens), n))
        else:
            words[group.tokens[0]] = n
            if group.prefix:
                prefixes.append((group.tokens[0], n))
    for match in _TOKEN.finditer(folded):
        if match.lastgroup == "cjk":
            run = match.group()
            for needle, n in cjk_runs:
                start = run.find(needle)
                while start >= 0:
                    spans.append((match.start() + start, match.start() + start + len(needle), n))
                    start = run.find(needle, start + 1)
            continue
        word = match.group()
        key = _word_key(word)
        found = words.get(key)
        if found is None:
            found = next((n for prefix, n in prefixes if key.startswith(prefix)), None)
        if found is not None:
            spans.append((match.start(), match.end(), found))
    return sorted(spans)


def _is_cjk(token: str) -> bool:
    return _CJK_CHAR.match(token) is not None


def _unbigram(bigrams: tuple[str, ...]) -> str:
    return bigrams[0] + "".join(b[1:] for b in bigrams[1:])


def _render(text: str, marks: list[tuple[int, int]]) -> str:
    out: list[str] = []
    cursor = 0
    for start, end in marks:
        if start < cursor:
            continue
        out.append(html.escape(text[cursor:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def highlight(text: str, query: str) -> str:
    """All of `text`, HTML-escaped, with <mark> around the words that match `query`."""
    return snippet(text, query, length=max(len(text), 1))


def snippet(text: str, query: str, length: int = 200) -> str:
    """About `length` characters of `text` around its best cluster of matches, HTML-escaped,
    with <mark> around each match as written in the original (accents, harakat and all).
    Without a match, the start of the text. Ellipses show where text was cut."""
    text = " ".join(text.split())
    groups = query_groups(query)
    folded, origin = _folded_with_offsets(text)
    spans = [
        (origin[s], _mark_end(text, origin[e - 1] + 1), n)
        for s, e, n in _match_spans(folded, groups)
    ]
    if len(text) <= length:
        start, end = 0, len(text)
    elif not spans:
        start, end = 0, length
    else:
        start = _best_window(spans, length)
        end = min(len(text), start + length)
        start = max(0, min(start, end - length))
    if start > 0 and not _is_cjk(text[start]) and not text[start - 1].isspace():
        # Begin at a word boundary rather than inside a word (not needed between ideographs).
        space = text.find(" ", start, end)
        start = space + 1 if space != -1 else start
    if end < len(text) and not _is_cjk(text[end - 1]) and not text[end].isspace():
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    marks = [
        (max(s, start) - start, min(e, end) - start) for s, e, _ in spans if s < end and e > start
    ]
    body = _render(text[start:end], marks)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _mark_end(text: str, end: int) -> int:
    """`end` moved past the marks that fold away (a final Arabic kasra belongs to its word)."""
    while end < len(text) and not _FOLD[ord(text[end])]:
        end += 1
    return end


def _best_window(spans: list[tuple[int, int, int]], length: int) -> int:
    """The start of the window of `length` characters that shows the most distinct query
    groups (then the most matches), with a little context before the first match."""
    best_key: tuple[int, int] = (-1, -1)
    best_start = 0
    for i, (first_start, _, _) in enumerate(spans):
        inside = [s for s in spans[i:] if s[1] <= first_start + length]
        key = (len({n for _, _, n in inside}), len(inside))
        if key > best_key:
            best_key, best_start = key, first_start
    return max(0, best_start - length // 5)


_SCRIPT_LANGUAGE = (
    (re.compile(f"[{_CJK_CHARS}]"), "zh"),
    (re.compile("[\u0600-\u06ff]"), "ar"),
    (re.compile("[\u0400-\u04ff]"), "ru"),
)
_LATIN_MARKERS = {
    "fr": {"le", "la", "les", "des", "et", "pour", "dans", "une", "du", "avec"},
    "es": {"el", "los", "las", "y", "para", "una", "con", "del", "por", "en"},
    "en": {"the", "and", "for", "with", "of", "to", "in", "a", "on", "by"},
}


def guess_language(text: str) -> str:
    """A rough guess at the language of `text` ("zh", "ar", "ru", "fr", "es", "en" or ""),
    from its script and, for Latin script, a handful of function words."""
    counts = {lang: len(pattern.findall(text)) for pattern, lang in _SCRIPT_LANGUAGE}
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    script, count = max(counts.items(), key=lambda item: item[1])
    if count > latin // 3 and count:
        return script
    words = re.findall(r"[^\W\d_]+", text.lower())
    scores = {
        lang: sum(1 for w in words if w in markers) for lang, markers in _LATIN_MARKERS.items()
    }
    lang, score = max(scores.items(), key=lambda item: item[1])
    return lang if score else ""
