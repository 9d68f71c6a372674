"""Plain text and markdown: decoding bytes to text under a fixed, documented policy.

Decoding policy, first match wins:

1. A byte-order mark decides: UTF-8, UTF-16 or UTF-32 (LE/BE). A BOM whose encoding does
   not decode is an error, never a cue to guess.
2. NUL bytes without a BOM mean binary data, or BOM-less UTF-16 (told apart only to word
   the message): refused either way.
3. Strict UTF-8.
4. A charset the caller was told about (an HTML <meta charset>), decoded strictly.
5. Windows-1251 (Cyrillic), accepted only if at least 30% of the letters are Cyrillic and
   almost no word mixes Latin and Cyrillic letters: Latin-1 text decoded as cp1251 turns
   "café" into "cafй", which this rejects; and, given 20 letters or more, if the commonest
   Cyrillic letters (о е а и н т с р і) are at least 35% of them, which KOI8-R misread as
   cp1251 is not.
6. Windows-1252 (the Windows superset of Latin-1), accepted only if non-ASCII characters
   are mostly letters or common punctuation and at most 30% of the letters: Russian in
   cp1252 reads "Ïðèâåò", all non-ASCII, which this rejects.

Steps 5 and 6 are guesses, so they also require the result to read like prose: at least
90% letters, digits, whitespace and ordinary punctuation. Anything else is refused with
"not valid UTF-8 text (save it as UTF-8)". KOI8-R, Mac encodings and the like are not
guessed: they are rare now, and a wrong guess would silently corrupt names.

Whatever decodes must then look like text: more than 1% control characters (other than
tab, newline, carriage return, form feed, vertical tab) is refused as binary.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .base import fail

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 LE first: its BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_MAX_CONTROL_RATIO = 0.01
_WORD = re.compile(r"[^\W\d_]+")
_LATIN_ASCII = re.compile(r"[A-Za-z]")
# Non-letters a Western European text plausibly contains beyond ASCII.
_WESTERN_PUNCT = frozenset("\u00a0‘’‚“”„–—…«»‹›°§©®™€£¥¢•·×÷±µ¶¹²³¼½¾¿¡")

_COMMON_CYRILLIC = frozenset("оеаинтсрі")
_PROSE_PUNCT = frozenset(".,;:!?'\"()[]-/%&№§«»‘’‚“”„–—…")

# WHATWG: a page that declares Latin-1 or ASCII is decoded as windows-1252.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}


def decode_text(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode bytes by the module's policy; raise SourceError naming `name` when not text."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                reason = f"has a {label} byte-order mark but is not valid {label}"
                raise fail(name, reason + " (save it as UTF-8)") from None
            _check_controls(text, name)
            return text

    if b"\x00" in data:
        if _looks_like_utf16(data):
            raise fail(name, "looks like UTF-16 text without a byte-order mark (save it as UTF-8)")
        raise fail(name, "looks like binary data, not text")

    decoded = _first_decoding(data, declared)
    if decoded is None:
        raise fail(name, "not valid UTF-8 text (save it as UTF-8)")
    _check_controls(decoded, name)
    return decoded


def _first_decoding(data: bytes, declared: str | None) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        codec = _CHARSET_ALIASES.get(declared.lower(), declared)
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to the heuristics
    for codec, plausible in (("cp1251", _plausible_cyrillic), ("cp1252", _plausible_western)):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _texty(text) and plausible(text):
            return text
    return None


def _looks_like_utf16(data: bytes) -> bool:
    """Latin-script UTF-16 has a NUL in every other byte, and nearly none in the rest."""
    sample = data[:4096]
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return half > 0 and max(even, odd) > 0.3 * half and min(even, odd) < 0.02 * half


def _texty(text: str) -> bool:
    """Mostly letters, digits, spaces and ordinary punctuation, as prose is."""
    ordinary = sum(1 for ch in text if ch.isalnum() or ch.isspace() or ch in _PROSE_PUNCT)
    return ordinary >= 0.9 * len(text)


def _check_controls(text: str, name: str) -> None:
    controls = sum(
        1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    if controls and controls > _MAX_CONTROL_RATIO * len(text):
        raise fail(name, "looks like binary data, not text")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _plausible_cyrillic(text: str) -> bool:
    letters = cyrillic = 0
    cyr_words = mixed_words = 0
    for word in _WORD.findall(text):
        cyr = sum(1 for ch in word if _is_cyrillic(ch))
        letters += len(word)
        cyrillic += cyr
        if cyr:
            cyr_words += 1
            if _LATIN_ASCII.search(word):
                mixed_words += 1
    if not (cyr_words > 0 and cyrillic >= 0.3 * letters and mixed_words * 10 <= cyr_words):
        return False
    if cyrillic < 20:
        return True  # too few letters for frequencies to mean anything
    # Russian, Ukrainian and Belarusian prose is ~50% these letters; KOI8-R misread as
    # cp1251 swaps them for rare ones (о -> П, а -> Б) and would otherwise pass.
    common = sum(1 for ch in text.lower() if ch in _COMMON_CYRILLIC)
    return common >= 0.35 * cyrillic


def _plausible_western(text: str) -> bool:
    letters = sum(1 for ch in text if ch.isalpha())
    high = [ch for ch in text if ord(ch) >= 0x80]
    if not high:
        return True
    high_letters = sum(1 for ch in high if ch.isalpha())
    odd = sum(1 for ch in high if not ch.isalpha() and ch not in _WESTERN_PUNCT)
    return odd * 10 <= len(high) and high_letters <= 0.3 * letters


_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def markdown_title(text: str) -> str | None:
    """The first level-1 ATX heading outside fenced code (where '# ' is a shell comment)."""
    fence: str | None = None
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if m:
            if fence is None:
                fence = m.group(1)
            elif m.group(1) == fence:
                fence = None
            continue
        if fence is None:
            h = _ATX_H1.match(line)
            if h:
                return h.group(1).strip() or None
    return None
