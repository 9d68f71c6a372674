"""Russian personal names in the nominative: "Светлану Беляеву" -> "Светлана Беляева".

The records name participants in the nominative case. The words of one name share a
case and a gender, so they are read together: each word's possible readings (the
morphological dictionary's, for names it knows or guesses; the regular endings of
Russian names, for names it does not know; the word as written, for names that do not
decline, "Ворожих", "Кырмачи", "Ташмарлы") are weighed with the case the parser gives the
name's head word and the gender its endings and the parser show, and the best case and
gender for the whole name chooses each word's nominative. A reading whose nominative no
longer looks like the written word (a surname read as a form of some verb) is no reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

_FEMININE_ENDINGS = (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"))
_MASCULINE_SUFFIXES = ("ов", "ев", "ёв", "ин", "ын")


def feminine_surname(lemma: str) -> str:
    for masculine, feminine in _FEMININE_ENDINGS:
        if lemma.endswith(masculine):
            return lemma[: -len(masculine)] + feminine
    if lemma.endswith(_MASCULINE_SUFFIXES):
        return lemma + "а"
    return lemma


_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_UD_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt",
             "Loc": "loct"}
_GENDERS = ("masc", "femn")

# The regular endings of names, by case and gender: (oblique ending, nominative ending).
# Used for words the dictionary cannot read as a name: "Арлена" -> "Арлен", "Жаната
# Кулмырзая" -> "Жанат Кулмырзай", "Зекирьи" -> "Зекирья", "Тейитбековой" -> "Тейитбекова".
_ENDINGS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("gent", "masc"): (("ого", "ой"), ("ия", "ий"), ("я", "й"), ("я", "ь"), ("а", ""),
                       ("ьи", "ья")),
    ("accs", "masc"): (("ого", "ой"), ("ия", "ий"), ("я", "й"), ("я", "ь"), ("а", ""),
                       ("у", "а"), ("ю", "я")),
    ("datv", "masc"): (("ому", "ой"), ("ию", "ий"), ("ю", "й"), ("ю", "ь"), ("у", ""),
                       ("е", "а")),
    ("ablt", "masc"): (("ым", ""), ("им", ""), ("ием", "ий"), ("ем", "й"), ("ем", "ь"),
                       ("ом", ""), ("ой", "а"), ("ей", "я")),
    ("loct", "masc"): (("ии", "ий"), ("е", ""), ("е", "й"), ("е", "а")),
    ("gent", "femn"): (("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ой", "ая"),
                       ("ии", "ия"), ("ы", "а"), ("и", "а"), ("и", "я")),
    ("accs", "femn"): (("ую", "ая"), ("у", "а"), ("ю", "я")),
    ("datv", "femn"): (("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ой", "ая"),
                       ("ии", "ия"), ("е", "а"), ("е", "я")),
    ("ablt", "femn"): (("ой", "а"), ("ей", "я"), ("ей", "а")),
    ("loct", "femn"): (("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ой", "ая"),
                       ("ии", "ия"), ("е", "а"), ("е", "я")),
}
# Endings of names that do not decline: "Ворожих", "Кырмачи", "Ташмарлы", "Верново" (but
# "Зекирьи" is a form of "Зекирья").
_FIXED_ENDINGS = ("их", "ых", "и", "ы", "о", "э")
# Stems of a declined man's surname that lost the о of -ёнок / -енок ("Дуденка", "Дуденку").
_FLEETING_O = ("енк", "ёнк")
# Surname endings only a woman's name takes, in any case ("Назаршоевой") or in one
# ("Назаршоеву" is a woman's accusative but a man's dative).
_FEMININE_ONLY = ("овой", "евой", "ёвой", "иной", "ыной")
_FEMININE_FORMS = {"accs": ("ову", "еву", "ёву", "ину", "ыну", "ую")}
# Surname endings no nominative has.
_NEVER_NOMINATIVE = (*_FEMININE_ONLY, "ову", "еву", "ёву", "ину", "ыну", "овым", "евым",
                     "иным", "ыным", "ского", "скому", "ским", "овича", "евича", "овичу",
                     "евичу")
# How much each kind of evidence weighs when the case and gender of a name are chosen.
_HEAD_CASE_WEIGHT = 0.6  # the parser's case of the name's head word, read in its sentence
_WORD_CASE_WEIGHT = 0.2  # the parser's case of another word of the name
_GOVERNOR_WEIGHT = 1.0  # the case of the noun the name stands beside ("директора Зарифы")
# The case of the first name of a list: the parser leaves a later one's unknown words in
# the nominative more often than it misreads the first.
_CONJUNCT_WEIGHT = 1.0
_GENDER_WEIGHT = 0.5  # the gender the endings and the parser show
_RULE_SCORE = 0.1  # a regular ending, for a name the dictionary does not know
_AS_WRITTEN_SCORE = 0.1  # a nominative kept as written
_FLEETING_SCORE = 0.11  # a man's surname in -ёнок / -енок seen declined ("Дуденка")
_FIXED_SCORE = 0.15  # an oblique case of a name that does not decline
_DECLINED_AS_WRITTEN_SCORE = 0.02  # an oblique case written like a nominative ("Стояну")
_NO_READING_SCORE = -0.5  # a word that cannot be in that case ("Тейитбекову" as a nominative)


@dataclass(frozen=True)
class Reading:
    """One way to read a word of a name: in this case, of this gender (None: either), with
    this nominative (lower case)."""

    case: str
    gender: str | None
    nominative: str
    score: float
    named: bool = False  # the dictionary knows the word as a name


def _looks_alike(nominative: str, word: str) -> bool:
    """A nominative that keeps the written word's stem, not a distant lemma the dictionary
    guessed for a name it does not know; a vowel the name drops when it declines counts
    as kept ("Лев" for "Льва", "Павел" for "Павла")."""
    return _shares_stem(nominative, word) or _shares_stem(
        _without_fleeting_vowel(nominative), word.replace("ь", "")
    )


def _shares_stem(nominative: str, word: str) -> bool:
    shared = 0
    for a, b in zip(nominative, word, strict=False):
        if a != b:
            break
        shared += 1
    return len(nominative) >= 2 and shared >= max(2, min(len(nominative), len(word)) - 3)


_VOWELS = frozenset("аеёиоуыэюя")


def _without_fleeting_vowel(nominative: str) -> str:
    """"лев" -> "лв": the nominative without the е, ё or о before its last consonant."""
    if len(nominative) >= 3 and nominative[-2] in "еёо" and nominative[-1] not in _VOWELS:
        return nominative[:-2] + nominative[-1]
    return nominative


def _dictionary_readings(word: str) -> list[Reading]:
    from casefile.extract.ru.parse import morph_analyzer

    analyzer = morph_analyzer()
    known = analyzer.word_is_known(word)
    parses = analyzer.parse(word)
    # "Анне" is the dative of "Анна" as well as an indeclinable "Анне": the name that
    # declines is the likelier, so the indeclinable one is not raised above it
    declines_as_a_name = any("Name" in p.tag and "Fixd" not in p.tag and p.normal_form != word
                             for p in parses)
    out = []
    for parse in parses:
        tag = parse.tag
        if tag.POS not in ("NOUN", "ADJF") or tag.number != "sing" or tag.case not in _CASES:
            continue
        named = any(g in tag for g in ("Name", "Surn", "Patr"))
        if tag.POS == "ADJF" and not parse.normal_form.endswith(("ский", "цкий", "ской")):
            continue  # "Тейитбековой" is not the adjective "тейитбековый"
        weight = 1.0 if named else 0.6 if tag.animacy == "anim" or tag.POS == "ADJF" else 0.3
        inflected = parse.inflect({"Nom"})
        nominative = inflected.word if inflected is not None else parse.normal_form
        if not _looks_alike(nominative, word):
            continue
        if "Fixd" in tag:  # a name that does not decline, of whatever gender ("Ульви")
            if not known:
                # a guess from the word's last letters ("Вельмара" like "Тамара"), which
                # would keep a declined name as written: the endings decide instead
                continue
            score = parse.score / 2 if declines_as_a_name else max(parse.score, _FIXED_SCORE)
            out.append(Reading(tag.case, None, word, score, named))
            continue
        gender = tag.gender if tag.gender in _GENDERS else None
        # a guessed reading ("бабала" for "Бабалы") is not the dictionary knowing a name
        out.append(Reading(tag.case, gender, nominative, parse.score * weight, named and known))
    # The dictionary spreads a word's probability over animate, inanimate and place
    # readings with the same form: add them up.
    summed: dict[tuple[str, str | None, str], Reading] = {}
    for r in out:
        key = (r.case, r.gender, r.nominative)
        old = summed.get(key)
        summed[key] = r if old is None else Reading(
            r.case, r.gender, r.nominative, old.score + r.score, old.named or r.named
        )
    return list(summed.values())


@lru_cache(maxsize=50_000)
def readings(word: str) -> tuple[Reading, ...]:
    """Every reading of one word of a name (lower case)."""
    out = _dictionary_readings(word)
    if not word.endswith(_NEVER_NOMINATIVE):  # "Мальтиевой", "Тейитбекову"
        out.append(Reading("nomn", None, word, _AS_WRITTEN_SCORE))
    for (case, gender), endings in _ENDINGS.items():
        for oblique, nominative in endings:
            if word.endswith(oblique) and len(word) - len(oblique) >= 2:
                stem = word[: -len(oblique)] + nominative
                out.append(Reading(case, gender, stem, _RULE_SCORE))
                if gender == "masc" and stem.endswith(_FLEETING_O):
                    out.append(Reading(case, gender, stem[:-1] + "о" + stem[-1],
                                       _FLEETING_SCORE))
                break  # the longest ending of the case: "овой" before "ой"
    # "Виктории" is a name the dictionary knows to decline: no indeclinable reading
    declines = not word.endswith(_FIXED_ENDINGS) or word.endswith("ьи") or any(
        r.named and r.nominative != word for r in out
    )
    fixed = _DECLINED_AS_WRITTEN_SCORE if declines else _FIXED_SCORE
    out.extend(Reading(case, None, word, fixed) for case in _CASES[1:])
    return tuple(out)


def capitalised(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _gender(tokens: Sequence[Token], case: str) -> str | None:
    """A surname's feminine ending says it best; else the parser's gender of the words."""
    surname = tokens[-1].lower_
    if surname.endswith(_FEMININE_ONLY) or surname.endswith(_FEMININE_FORMS.get(case, ())):
        return "femn"
    for token in tokens:
        genders = token.morph.get("Gender", [])
        if genders:
            return {"Fem": "femn", "Masc": "masc"}.get(genders[0])
    return None


def _predicate_gender(tokens: Sequence[Token]) -> str | None:
    """The gender of the past-tense verb or short participle whose subject the name is:
    "Зарифа Мальтиева приговорена", "Хаял Тагибеков задержан"."""
    head = _head(tokens)
    if head.dep_ == "appos":
        head = _chain_top(head.head) or head
    if head.dep_ not in ("nsubj", "nsubj:pass") or head.head is head:
        return None
    genders = head.head.morph.get("Gender", [])
    return {"Fem": "femn", "Masc": "masc"}.get(genders[0]) if genders else None


def _chain_top(governor: Token) -> Token | None:
    """The first noun of a genitive chain the name stands in apposition to ("заместитель
    директора комплекса Зарифа Мальтиева"): the parser hangs the name on the nearest noun
    of the chain, but it may belong to any, the first most often. None without a chain."""
    top = governor
    while (top.dep_ == "nmod" and "Gen" in top.morph.get("Case", [])
           and top.head is not top and top.head.pos_ in ("NOUN", "PROPN")):
        top = top.head
    return None if top is governor else top


def _predicate_disagrees(subject: Token) -> bool:
    """Whether the predicate of this subject noun has another gender than the noun: then
    it agrees with the name in apposition, which shares the subject's case."""
    if not subject.dep_.startswith("nsubj") or subject.head is subject:
        return False
    said = subject.head.morph.get("Gender", [])
    own = subject.morph.get("Gender", [])
    return bool(said and own and said != own)


def _head(tokens: Sequence[Token]) -> Token:
    """The word the sentence governs; its case is the parser's best guess for the name's
    (the parser often leaves a surname after it in the nominative)."""
    return next((t for t in tokens if t.dep_ != "flat:name"), tokens[0])


def _case_votes(tokens: Sequence[Token]) -> dict[str, float]:
    """What the sentence says of the name's case: the parser's case of its words, and
    the case of the noun it stands in apposition to or depends on."""
    votes: dict[str, float] = {}

    def vote(token: Token, weight: float) -> None:
        for case in token.morph.get("Case", []):
            if case in _UD_CASES:
                votes[_UD_CASES[case]] = votes.get(_UD_CASES[case], 0.0) + weight

    head = _head(tokens)
    vote(head, _HEAD_CASE_WEIGHT)
    for token in tokens:
        if token is not head:
            vote(token, _WORD_CASE_WEIGHT)
    governor = head.head
    if head.dep_ == "conj" and governor is not head and governor not in tokens:
        vote(governor, _CONJUNCT_WEIGHT)  # "Ивана Петрова и Зарифы ...": one case for all
    if governor is not head and governor.pos_ in ("NOUN", "PROPN") and governor not in tokens:
        if head.dep_ == "appos":  # "журналистку Марину Белову": the same case
            vote(governor, _GOVERNOR_WEIGHT)
            top = _chain_top(governor)
            if top is not None:
                vote(top, _GOVERNOR_WEIGHT)
                if _predicate_disagrees(top):  # "заместитель ... Зарифа X приговорена"
                    vote(top, _GOVERNOR_WEIGHT)
        elif head.dep_ == "nmod":  # "дома Сейрана Вельтова": whose, the genitive
            votes["gent"] = votes.get("gent", 0.0) + _GOVERNOR_WEIGHT
    return votes


def _best(words: list[str], case: str, gender: str) -> tuple[float, list[Reading]]:
    total, chosen = 0.0, []
    for word in words:
        fits = [r for r in readings(word) if r.case == case and r.gender in (None, gender)]
        nothing = Reading(case, None, word, _NO_READING_SCORE)
        best = max(fits, key=lambda r: r.score, default=nothing)
        total += best.score
        chosen.append(best)
    return total, chosen


def nominative(tokens: Sequence[Token]) -> str:
    """The name the tokens spell, in the nominative case."""
    return read_name(tokens)[0]


def read_name(tokens: Sequence[Token]) -> tuple[str, float]:
    """The name in the nominative, and by how much it beat the best other reading (how
    sure the reading is: a document that names someone several times keeps the surest)."""
    tokens = [t for t in tokens if t.text.strip("*«»\"“”")]
    if not tokens:
        return "", 0.0
    texts = [t.text.strip("*«»\"“”") for t in tokens]
    votes = _case_votes(tokens)
    agreeing = _predicate_gender(tokens)
    words = [text.lower() for text in texts]
    choices: dict[str, float] = {}
    for case in _CASES:
        for gender in _GENDERS:
            score, chosen = _best(words, case, gender)
            score += votes.get(case, 0.0)
            score += _GENDER_WEIGHT * (gender == _gender(tokens, case))
            score += _GENDER_WEIGHT * (gender == agreeing and case == "nomn")
            name = _spelt(texts, words, chosen)
            if score > choices.get(name, -1.0):
                choices[name] = score
    ranked = sorted(choices.items(), key=lambda kv: -kv[1])
    margin = ranked[0][1] - ranked[1][1] if len(ranked) > 1 else ranked[0][1]
    return ranked[0][0], margin


def _spelt(texts: list[str], words: list[str], chosen: list[Reading]) -> str:
    out = []
    for text, word, reading in zip(texts, words, chosen, strict=True):
        if reading.nominative == word or not text[:1].isupper():
            out.append(text)  # as written, capitals and all ("МакКой")
        else:
            out.append(capitalised(reading.nominative))
    return " ".join(out)


_STEM_ENDINGS = ("ая", "ий", "ой", "ый", "а", "я", "ь", "й")


def name_stem(name: str) -> str:
    """A name without its gender and case endings: "Тахмырова", "Тахмыров" -> "тахмыров"."""
    stems = []
    for word in name.lower().split():
        for ending in _STEM_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        word = word.replace("ё", "е")
        # a vowel that drops out as the word declines: "Ласок", "Ласку"; "Мирец", "Мирца"
        stems.append(_FLEETING_VOWEL.sub(r"\1\2", word))
    return " ".join(stems)


_FLEETING_VOWEL = re.compile(r"([бвгджзклмнпрстфхцчшщ])[ое]([кц])$")


# A family's surname in the plural after the first names it is shared by: "Асан и Азиз
# Ахтемовы", "Олегу и Татьяне Вельдям", "Марину и Ивана Петровых". Only endings no
# singular name has ("Джавадлы" does not decline); "-ей" is read where the first name
# beside it shows the plural (`ru/families`).
_PLURAL_SURNAME = re.compile(r"(ов|ев|ёв|ин|ын)(?:ы|ых|ым|ыми)$")
_PLURAL_NOUN_ENDINGS = ("ям", "ями", "ях", "ам", "ами", "ах")


def shared_surname(word: str) -> str | None:
    """The masculine nominative of a surname written in the plural (lower case), or None
    when `word` is no plural surname."""
    found = _PLURAL_SURNAME.search(word)
    if found is not None and found.start() >= 2:
        return word[: found.start()] + found.group(1)
    if not word.endswith(_PLURAL_NOUN_ENDINGS):
        return None
    from casefile.extract.ru.parse import morph_analyzer

    for parse in morph_analyzer().parse(word):
        tag = parse.tag
        if (tag.POS == "NOUN" and tag.number == "plur" and ("Surn" in tag or "Name" in tag)
                and _looks_alike(parse.normal_form, word)):
            normal = parse.normal_form
            return normal.replace("ё", "е") if "ё" not in word else normal
    return None


def with_surname(first: str, gender: str | None, surname: str) -> str:
    """"Татьяна" + "вельдя" -> "Татьяна Вельдя"; "Марина" + "петров" -> "Марина Петрова"."""
    spelt = feminine_surname(surname) if gender == "femn" else surname
    return f"{first} {capitalised(spelt)}"
