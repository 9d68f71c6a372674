"""Sentence terms: find "seven years in prison" in a sentence and normalise it.

`find_terms` returns each term phrase with an ISO 8601 duration and a `model.TERM_KINDS`
kind. Everything language-specific is in a `term_tables.TermLang` table, so Russian is a second
table beside the English one, not a second code path.

Decisions where the guidelines are silent (dev notes consulted where they speak):
- A number counts as a term only with sentencing context: a kind word after it ("in
  prison", "of restricted freedom"), a kind or sentencing word before it ("jailed for",
  "sentenced to", "a term of"), "sentence"/"term" within three words after it, or the
  possessive "15 years' ...". So "for 20 years he worked" and "a 40-year-old" are not terms.
- Time served or elapsed is not a term: a number right after "spent", "served", "after",
  "past", ... or right before "ago", "later", "old", or "after his arrest" is skipped, and
  so is a probation period ("suspended for two years") attached to another term.
- "Up to", "more than", "nearly" ... give `term` None, like a range: the text does not
  state the length.
- House arrest imposed as a sentence is `restricted_freedom`: the dev note on document 021
  reads a term of years to be served under house arrest as the restricted-freedom sentence.
- A term counted only in days or weeks is `administrative_detention` unless the phrase
  says suspended, restricted freedom or labour (guidelines: "a court term counted in days
  with no other word"); plain "detention"/"arrest" with years or months is `prison`.
- "Two and three years ... respectively" is two terms, and so is "12 and 8 days"; "between
  two and three years" and "two to three years" are one range. A number after a
  provision's word ("under Article 212 to four years", «ч. 2 ст. 280») opens no range, nor
  does one larger than the term after "to".
- A list after one verb ("sentenced X to four years, Y to six years"): a number after
  "to" («к», «на») is a term when a term came before it in the text.
- A term partly suspended ("seven years, of which three suspended") is the whole term,
  `prison` (GUIDELINES.md); "7 1/2 years" and "7½ years" are P7Y6M.
- Units are kept as written ("18 months" is P18M, weeks become days: P21D); compare terms
  with `durations_equal`. Fractional units round to the next smaller unit (23.3 years is
  P23Y4M, 1.5 months is P1M15D, a month counted as 30 days).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from casefile.extract.term_tables import ENGLISH, LANGUAGES, TermLang


@dataclass(frozen=True)
class TermMention:
    start: int
    end: int
    text: str
    term: str | None
    term_kind: str | None




def number_words(language: str = "en") -> dict[str, int]:
    """Whole numbers written as words in `language` ("seven" -> 7), for other normalisers."""
    table = LANGUAGES.get(language, ENGLISH).numbers
    return {w: int(v) for w, v in table.items() if v.denominator == 1}


_Trie = dict[str, "_Trie"]


def alternation(words: Iterable[str]) -> str:
    """An alternation of words as a trie: the regex engine tries alternatives one by one, so
    factoring shared prefixes is what keeps one scan of a long text fast."""
    trie: _Trie = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: _Trie) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # longest match first: the optional tail is tried before stopping here
    return f"(?:{body})?" if ends else body


@dataclass(frozen=True)
class _Compiled:
    lang: TermLang
    term: re.Pattern[str]
    quantity: re.Pattern[str]
    kinds: re.Pattern[str]
    suspended: re.Pattern[str]
    partly_suspended: re.Pattern[str]
    governs: re.Pattern[str]
    each_to: re.Pattern[str]
    noun_after: re.Pattern[str]
    skip_before: re.Pattern[str]
    skip_after: re.Pattern[str]
    probation: re.Pattern[str]
    fixed: re.Pattern[str]
    clause_break: re.Pattern[str]
    numbered: re.Pattern[str]


def _compile(lang: TermLang) -> _Compiled:
    # the ones a tens word takes ("twenty-one"); not the article "a", which is also one
    ones = [w for w, v in lang.numbers.items() if v in range(1, 10) and len(w) > 2]
    tens = rf"(?:{alternation(lang.tens)})(?:[\s-](?:{alternation(ones)})(?!\w))?"
    # atomic: "twenty-one" must not give back "-one" and turn into a range "twenty - one"
    # "7 1/2 years", "7½ years": a half written as a fraction
    num = (rf"(?>\d{{1,3}}(?:[.,]\d+|\s+1/2|\s*½)?|{tens}|{alternation(lang.numbers)})"
           r"(?![\w/])")
    numx = rf"{num}(?:{lang.half})?"
    unit = rf"(?:{alternation(lang.units)})(?!\w)"
    q = (rf"(?:(?:{lang.half_of})(?:\s+|-)?{unit}|{numx}(?:\s+|-){unit}"
         rf"(?:{lang.half_after_unit})?)(?![\s-]+old\b)")
    term = (
        rf"(?<![\w.,])(?P<between>(?:{lang.between})\s+)?(?P<inexact>(?:{lang.inexact})\s+)?"
        rf"(?:(?P<lo>{numx})(?:(?:\s+|-)(?P<lo_u>{unit}))?"
        rf"\s*(?P<conj>{lang.range_conj}|{lang.and_conj})\s*)?"
        rf"(?P<main>{q})(?:(?:,\s*|\s+(?:{lang.and_conj})\s+|\s+)(?P<extra>{q}))?"
        r"(?P<apos>['’](?!\w))?"
    )
    quantity = (rf"^(?:(?P<half_of>{lang.half_of})(?:\s+|-)?|(?P<num>{num})(?P<half>{lang.half})?)"
                rf"(?:(?:\s+|-)(?P<unit>{unit})(?P<half2>{lang.half_after_unit})?)?$")
    kinds = "|".join(f"(?P<{kind}>{rx})" for kind, rx in lang.kinds)
    fixed = "|".join(f"(?P<{kind}>{rx})" for kind, rx in lang.fixed)
    flags = 0  # callers match lower-cased text: case-insensitive matching is twice as slow
    return _Compiled(
        lang=lang,
        term=re.compile(term, flags),
        quantity=re.compile(quantity, flags),
        kinds=re.compile(rf"\b(?:{kinds})\b", flags),
        suspended=re.compile(rf"\b(?:{lang.suspended})\b", flags),
        partly_suspended=re.compile(lang.partly_suspended, flags),
        governs=re.compile(rf"\b(?:{lang.governs})\b", flags),
        each_to=re.compile(lang.each_to, flags),
        noun_after=re.compile(rf"^\W*(?:\w+\W+){{0,3}}?(?:{lang.sentence_noun})\b", flags),
        skip_before=re.compile(rf"\b(?:{lang.skip_before})\W*$", flags),
        skip_after=re.compile(rf"^\W*(?:{lang.skip_after})\b", flags),
        probation=re.compile(lang.probation_before, flags),
        fixed=re.compile(rf"\b(?:{fixed})\b", flags),
        clause_break=re.compile(lang.clause_break, flags),
        numbered=re.compile(rf"(?:^|\W)(?:{lang.numbered})\s*$", flags),
    )


_COMPILED: dict[str, _Compiled] = {}


def _compiled(language: str) -> _Compiled:
    if language not in _COMPILED:
        _COMPILED[language] = _compile(LANGUAGES.get(language, ENGLISH))
    return _COMPILED[language]


def _quantity(c: _Compiled, phrase: str) -> tuple[Fraction, str | None] | None:
    """The value and unit of one "two and a half years" / "18 months" / "half a year"."""
    m = c.quantity.match(phrase.strip())
    if m is None:
        return None
    if m["half_of"]:
        value = Fraction(1, 2)
    else:
        value = _number(c, m["num"])
        if m["half"]:
            value += Fraction(1, 2)
    if m["half2"]:
        value += Fraction(1, 2)
    unit = c.lang.units[m["unit"]] if m["unit"] else None
    return value, unit


def _number(c: _Compiled, text: str) -> Fraction:
    if text[0].isdigit():
        whole, half = re.subn(r"\s*(?:1/2|½)$", "", text)
        return Fraction(whole.replace(",", ".")) + Fraction(half, 2)
    return sum((c.lang.numbers[w] for w in re.split(r"[\s-]+", text)), Fraction(0))


def _round(x: Fraction) -> int:
    return floor(x + Fraction(1, 2))


def _iso(parts: list[tuple[Fraction, str]]) -> str | None:
    """ISO duration of summed parts; a fraction spills into the next smaller unit, rounded."""
    y = sum((v for v, u in parts if u == "Y"), Fraction(0))
    mo = sum((v for v, u in parts if u == "M"), Fraction(0))
    d = sum((v * (7 if u == "W" else 1) for v, u in parts if u in "WD"), Fraction(0))
    years = floor(y)
    months_from_years = _round((y - years) * 12)
    if months_from_years == 12:
        years, months_from_years = years + 1, 0
    months = floor(mo)
    days = _round(d + (mo - months) * 30)
    months += months_from_years
    out = "".join(f"{n}{u}" for n, u in ((years, "Y"), (months, "M"), (days, "D")) if n)
    return f"P{out}" if out else None


def _lower(text: str) -> str:
    """Lower-case without moving any offset (a few characters lower-case to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def parse_duration(phrase: str, language: str = "en") -> str | None:
    """ISO 8601 duration of a term phrase: "two and a half years" -> "P2Y6M"; None for a range."""
    c = _compiled(language)
    for m in c.term.finditer(_lower(phrase)):
        for _start, _end, term, _unit in _parts_of(c, m, _lower(phrase)):
            return term
    return None


_ISO_DURATION = re.compile(r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def duration_months_days(iso: str) -> tuple[int, int]:
    """(months, days) of an ISO duration, so P18M and P1Y6M compare equal."""
    m = _ISO_DURATION.match(iso.strip())
    if m is None:
        raise ValueError(f"not an ISO 8601 duration of years, months, weeks, days: {iso!r}")
    y, mo, w, d = (int(g) if g else 0 for g in m.groups())
    return y * 12 + mo, w * 7 + d


def durations_equal(a: str | None, b: str | None) -> bool:
    """Equal by value; a string that is not a duration is compared as written."""
    if a is None or b is None:
        return a is b
    try:
        return duration_months_days(a) == duration_months_days(b)
    except ValueError:
        return a.strip() == b.strip()


_Part = tuple[int, int, str | None, str | None]  # start, end, ISO term, smallest unit


def _parts_of(c: _Compiled, m: re.Match[str], text: str) -> list[_Part]:
    """The terms one match (in `text`) states: one, or two for "two and three years"
    (respectively)."""
    main = _quantity(c, m["main"])
    if main is None:
        return []
    value, unit = main
    if unit is None:
        return []
    parts: list[tuple[Fraction, str]] = [(value, unit)]
    end = m.end("main")
    if m["extra"]:
        extra = _quantity(c, m["extra"])
        if extra and extra[1] and "YMWD".index(extra[1]) > "YMWD".index(unit):
            parts.append((extra[0], extra[1]))
            end = m.end("extra")
    if m["apos"] and end == m.start("apos"):
        end = m.end("apos")
    single: list[_Part] = [(m.start("inexact") if m["inexact"] else m.start("main"), end,
                           None if m["inexact"] else _iso(parts), unit)]
    if m["lo"] is None:
        return single
    lo = _quantity(c, m["lo"] + (" " + m["lo_u"] if m["lo_u"] else ""))
    lo_unit = m["lo_u"] and c.lang.units[m["lo_u"]]
    is_and = re.fullmatch(c.lang.and_conj, m["conj"]) is not None
    if not m["between"] and lo is not None and (
            c.numbered.search(text, max(0, m.start("lo") - 16), m.start("lo"))
            or not is_and and not lo_unit and lo[0] > value):
        # "under Article 212 to four years", "Part 2 - five years": the number before is a
        # provision's, and a range never runs downwards
        return single
    start = m.start()
    if is_and and not m["between"] and lo is not None and lo_unit and (
            "YMWD".index(lo_unit) < "YMWD".index(unit)):
        # "one year and six months": one compound term
        return [(start, end, None if m["inexact"] else _iso([(lo[0], lo_unit), *parts]), unit)]
    if is_and and not m["between"] and lo is not None:
        # "two and three years (respectively)", "5.5 years and 6 years": two terms
        lo_end = m.end("lo_u") if lo_unit else m.end("lo")
        first = (m.start("lo"), lo_end, _iso([(lo[0], lo_unit or unit)]), lo_unit or unit)
        return [first, (m.start("main"), end, _iso(parts), unit)]
    return [(start, end, None, unit)]  # a range


def _window_before(c: _Compiled, text: str, lo: int, start: int) -> tuple[int, str]:
    begin = max(lo, start - 80)
    chunk = text[begin:start]
    breaks = list(c.clause_break.finditer(chunk))
    if breaks:
        begin += breaks[-1].end()
    return begin, text[begin:start]


def _window_after(c: _Compiled, text: str, end: int, hi: int) -> str:
    chunk = text[end:min(hi, end + 60)]
    brk = c.clause_break.search(chunk)
    return chunk[: brk.start()] if brk else chunk


def _largest_unit(c: _Compiled, phrase: str) -> str | None:
    """"three months and two weeks" is counted in months, not only in days or weeks."""
    units = [c.lang.units[w] for w in re.findall(r"\w+", phrase) if w in c.lang.units]
    return min(units, key="YMWD".index) if units else None


def _kind(c: _Compiled, before: str, after: str, unit: str | None) -> tuple[str | None, bool]:
    """(kind, whether the words around make this a sentence term)."""
    if c.partly_suspended.search(after) or c.partly_suspended.search(before[-40:]):
        return "prison", True  # "seven years, of which three suspended": the whole term
    if c.suspended.search(after) or c.suspended.search(before[-40:]):
        return "suspended", True
    kind: str | None = None
    found = c.kinds.search(after[:45])
    if found is None:
        hits = list(c.kinds.finditer(before))
        found = hits[-1] if hits else None
    if found is not None:
        kind = found.lastgroup
    context = (found is not None or bool(c.governs.search(before))
               or bool(c.noun_after.search(after)))
    if unit in ("D", "W") and kind in (None, "prison", "custody"):
        kind = "administrative_detention"
    elif kind == "custody":
        kind = "prison"
    return kind, context


# The kind a term counted in days or weeks takes in place of the phrase's (see `_kind`).
_DAYS_KIND = {"prison": "administrative_detention"}


def find_terms(text: str, language: str = "en") -> list[TermMention]:
    """Term phrases of a sentence-sized text, with ISO duration and kind (see module doc)."""
    c = _compiled(language)
    original, text = text, _lower(text)
    found: list[tuple[re.Match[str], list[_Part]]] = []
    pos = 0
    while (m := c.term.search(text, pos)) is not None:
        parts = _parts_of(c, m, text)
        found.append((m, parts))
        # a second quantity the match took but did not keep is read again: "to 5 years,
        # 5.5 years and 6 years respectively" is three terms
        pos = max(parts[-1][1] if parts else m.end(), pos + 1)
    out: list[TermMention] = []
    windows: list[tuple[int, int, str | None]] = []  # where each term looked for its kind
    prev_end = 0
    for i, (m, parts) in enumerate(found):
        if not parts:
            continue
        start, end = parts[0][0], parts[-1][1]
        next_start = found[i + 1][0].start() if i + 1 < len(found) else len(text)
        w_start, before = _window_before(c, text, prev_end, start)
        after = _window_after(c, text, end, next_start)
        prev_end = end
        elapsed = c.skip_before.search(before) and "-" not in m["main"]  # not "a 5-year term"
        if elapsed or c.skip_after.search(after) or (c.probation.search(before) and out):
            continue
        kind, context = _kind(c, before, after, _largest_unit(c, text[start:end]))
        # "sentenced X to four years, Y to six years": the list's later terms, after the
        # first, are governed by the same verb
        context = context or bool(out and c.each_to.search(before))
        if not context and not m["apos"]:
            continue
        windows.append((w_start, end + len(after), kind))
        for p_start, p_end, term, _unit in parts:
            out.append(TermMention(p_start, p_end, original[p_start:p_end], term, kind))
    for f in c.fixed.finditer(text):
        kind = f.lastgroup
        # "sentenced X and Y to death": the words the kind is told by, not the names
        to_death = f.groupdict().get("death_to") is not None
        start, end = f.span("death_to") if to_death else f.span()
        # "a suspended sentence of two years" is one term, told by its number; but "serving a
        # conditional sentence, he was jailed for eight years" holds a second one
        if not to_death and any(
            ws < end and start < we and k in (kind, _DAYS_KIND.get(kind or ""))
            for ws, we, k in windows
        ):
            continue  # "a 12-day jail sentence": the days made the phrase's prison their kind
        if kind == "suspended" and c.partly_suspended.search(text, max(0, start - 30), end):
            continue  # "a partly suspended term of four years": told by its number
        if any(t.start < end and start < t.end for t in out):
            continue
        out.append(TermMention(start, end, original[start:end], None, kind))
    out.sort(key=lambda t: t.start)
    return out
