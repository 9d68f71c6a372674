"""Who a Russian document names: persons in the nominative, organisations, the country,
roles, and what gender the text gives each person (for "его" / "её")."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span, Token

from casefile.extract.country import vote_country
from casefile.extract.doc import AnnotatedDoc, Mention, OrganisationEntity
from casefile.extract.persons import add_person_mention
from casefile.extract.registry import Component, register
from casefile.extract.ru.families import family_names
from casefile.extract.ru.lexicon import (
    COUNTRY_WORDS,
    FORMER_WORDS,
    NON_STATE_BODIES,
    OFFICIAL_WORDS,
    ROLE_WORDS,
)
from casefile.extract.ru.names import capitalised, name_stem, read_name, readings
from casefile.extract.ru.parse import NORMAL_FORMS
from casefile.names import name_key

# Footnote marks after names ("«Вельск»*", "Петрова**") are not part of them.
_MARKS = re.compile(r"[*«»\"“”„]+")
# «Вельск», “Вольного союза”: a quoted proper name after an organisation noun.
_QUOTED_NAME = re.compile(r"[«“„\"]([^»”“\"\n]{2,60})[»”“\"]")
_RUSSIAN_LAW = re.compile(r"\bРФ\b|Российской Федерации|иностранного агента")
_ORGANISATION_NOUNS = frozenset(
    {"общество", "организация", "движение", "партия", "центр", "проект", "медиапроект",
     "объединение", "фонд", "союз", "сообщество", "издание", "газета", "канал", "ресурс",
     "сопротивление", "комитет", "ассоциация", "сеть", "группа"}
)


def _person_name(span: Span) -> str | None:
    """The name in the nominative, if the span holds one: at least one proper noun, no
    common noun ("Активисту" is sometimes tagged a name)."""
    read = _read_person_name(span)
    return None if read is None else read[0]


def _read_person_name(span: Span) -> tuple[str, float] | None:
    """The name in the nominative and how sure that reading is (`ru.names.read_name`)."""
    tokens = [t for t in _without_words_before(span) if t.pos_ != "PUNCT"]
    if not any(t.pos_ == "PROPN" for t in tokens) or any(
        t.pos_ == "NOUN" and not _unknown_word(t) and not _may_be_a_given_name(t)
        for t in tokens
    ):
        return None
    name, sureness = read_name(tokens)
    words = name.split()
    if not words or len(words) > 4 or not all(w[:1].isupper() for w in words):
        return None
    return name, sureness


def _without_words_before(span: Span) -> Span:
    """The span without the role or relation words before the name: "Инженера Ивана
    Петрова", «Коллегу Брыкалова» (the colleague is someone else)."""
    start = span.start
    while start < span.end and (
        span.doc[start].pos_ in ("NOUN", "ADJ") and not _unknown_word(span.doc[start])
        and not _may_be_a_given_name(span.doc[start])
        or _only_a_people_noun(span.doc[start])
    ):
        start += 1
    return span.doc[start : span.end]


def _only_a_people_noun(token: Token) -> bool:
    """«Коллегу Брыкалова» at the start of a sentence, tagged a proper noun for its
    capital: a word the dictionary knows only as a noun for people, never as a name."""
    from casefile.extract.ru.parse import morph_analyzer

    parses = morph_analyzer().parse(token.lower_)
    return bool(parses) and all(
        p.tag.POS == "NOUN" and "anim" in p.tag
        and not any(g in p.tag for g in ("Name", "Surn", "Patr", "Geox", "Orgn"))
        for p in parses)


def _may_be_a_given_name(token: Token) -> bool:
    """«Веру Соколову», «Льва X»: a common word that is also a given name, before another
    capitalised word."""
    from casefile.extract.ru.parse import morph_analyzer

    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.text[:1].isupper() and following is not None \
        and following.text[:1].isupper() \
        and any("Name" in p.tag for p in morph_analyzer().parse(token.lower_))


def _unknown_word(token: Token) -> bool:
    """A capitalised word the dictionary does not know, which the tagger called a common
    noun: a name it has not seen ("Жаната", "Вирсана"), not a role ("Инженера")."""
    from casefile.extract.ru.parse import morph_analyzer

    return token.text[:1].isupper() and not morph_analyzer().word_is_known(token.lower_)


# How sure the readings of one person's mentions must be, together, before they override
# the others' (`ru.names.read_name`: how far the best reading beat the next).
_SURE_READING = 0.5


def _reconcile(found: list[tuple[Span, str, float]]) -> list[tuple[Span, str]]:
    """One spelling per person: mentions whose readings differ only in endings ("Нургельды
    Тахмырова" read as a woman in one sentence, "Нургельды Тахмыров" in another) take the
    reading the document supports most surely, if any is sure; a lone surname takes the
    full name's surname when only one person has that stem."""
    support: dict[str, dict[str, float]] = {}
    for _, name, sureness in found:
        names = support.setdefault(name_stem(name), {})
        names[name] = names.get(name, 0.0) + sureness + 0.01  # each mention counts a little
    best = {}
    for stem, names in support.items():
        name, sure = max(names.items(), key=lambda kv: kv[1])
        if sure >= _SURE_READING:  # else every mention keeps its own reading
            best[stem] = name
    surnames: dict[str, set[str]] = {}
    for stem, name in best.items():
        if len(name.split()) > 1:
            surnames.setdefault(stem.split()[-1], set()).add(name.split()[-1])
    out = []
    for span, name, _ in found:
        stem = name_stem(name)
        chosen = best.get(stem, name)
        if len(name.split()) == 1 and len(surnames.get(stem, ())) == 1:
            chosen = next(iter(surnames[stem]))
        out.append((span, chosen))
    return out


def _lone_words_read_as_known(found: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """A one-word name the dictionary does not know, read in the wrong case ("Хорвану",
    "Ольдане" with nothing to show their case), is the word of a name the document also
    gives when one of the written word's other readings is that word, and only that one:
    "Ольдане" is the "Ольдана" of "Ольдана Хорвани", "Хорвану" the "Хорван" named
    elsewhere."""
    words: dict[str, set[str]] = {}
    for _, name in found:
        for word in name.split():
            words.setdefault(word.lower(), set()).add(name)
    out = []
    for span, name in found:
        written = _MARKS.sub("", span.text).strip().lower()
        if len(name.split()) == 1 and len(written.split()) == 1 and words.get(
            name.lower()) == {name}:
            others = {r.nominative for r in readings(written) if r.score > 0} - {name.lower()}
            known = [w for w in others if words.get(w, set()) - {name}]
            if len(known) == 1:
                name = capitalised(known[0])
        out.append((span, name))
    return out


def _gender(span: Span) -> str | None:
    genders = {t.morph.get("Gender", [])[0] for t in span if t.morph.get("Gender", [])}
    if genders == {"Fem"}:
        return "f"
    if genders == {"Masc"}:
        return "m"
    return None


def _is_official(span: Span) -> bool:
    """"судья Инна Ветрова", "координатор программ ... Зарина Касымова"."""
    doc = span.doc
    head = span.root.head
    near = [doc[i] for i in range(max(span.sent.start, span.start - 2), span.start)]
    near += [head] if span.root.dep_ in ("appos", "flat:name", "nmod") else []
    near += [c for c in span.root.children if c.dep_ == "appos"]
    titles = [t for t in near if t.lemma_.lower() in OFFICIAL_WORDS]
    return bool(titles) and not any(
        t.lemma_.lower() in FORMER_WORDS or t.lower_.startswith("экс-") for t in near
    ) and not any(_of_non_state_body(t, span) for t in titles)


def _of_non_state_body(title: Token, name: Span) -> bool:
    """"глава объединения «Опора Кестрела»", "председатель правозащитного центра": a title
    held in an association, a movement or a rights group, whose leaders are often the
    very victims of the records, not officials."""
    return any(
        t.lemma_.lower() in NON_STATE_BODIES
        for t in title.subtree if not name.start <= t.i < name.end
    )


def _add_persons(doc: AnnotatedDoc) -> None:
    assert doc.spacy is not None
    read = family_names(doc)
    taken = {i for span, _, _ in read for i in range(span.start, span.end)}
    for ent in doc.spacy.ents:
        if ent.label_ != "PERSON" or taken & set(range(ent.start, ent.end)):
            continue
        if _commemorated(ent):
            continue
        name_part = _without_words_before(ent)
        reading = _read_person_name(name_part)
        if reading is not None:
            read.append((name_part, *reading))
    found = _lone_words_read_as_known(_reconcile(read))
    # Fullest names first, so "Петрова" later joins "Иван Петров".
    for ent, name in sorted(found, key=lambda f: (-len(f[1].split()), f[0].start)):
        mention = add_person_mention(doc, ent, name)
        person = doc.persons[mention.entity]
        person.gender = person.gender or _gender(ent)
        if _is_official(ent):
            doc.officials.add(mention.entity)
    _propagate_surnames(doc)
    doc.mentions.sort(key=lambda m: m.start)


# Words before a name that make it a monument's, a street's or an institution's:
# «у памятника Пушкину», «на улице Ленина», «фонд имени Х».
_COMMEMORATING = frozenset({"памятник", "монумент", "мемориал", "бюст", "имя", "улица",
                            "проспект", "площадь", "переулок", "бульвар", "набережная"})


def _commemorated(ent: Span) -> bool:
    """The name of a monument, a street or a named institution, not a person of the text."""
    if ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return before.lemma_.lower() in _COMMEMORATING or before.lower_ == "имени"


def _propagate_surnames(doc: AnnotatedDoc) -> None:
    """"Вельтову" that the recogniser took for a place, after "Карину Вельтову": a proper
    noun naming a living being, whose nominative is a word of a known person's name."""
    assert doc.spacy is not None
    owners: dict[str, set[str]] = {}
    for key, person in doc.persons.items():
        for word in person.name.split():
            owners.setdefault(word, set()).add(key)
    for token in doc.spacy:
        if token.pos_ != "PROPN" or token.i in doc.token_mentions or token.dep_ == "flat:name":
            continue
        if "Anim" not in token.morph.get("Animacy", []):
            continue
        parts = [token, *(c for c in token.children if c.dep_ == "flat:name")]
        span = doc.spacy[min(t.i for t in parts) : max(t.i for t in parts) + 1]
        name = _person_name(span)
        if name is None:
            continue
        keys = set.intersection(*(owners.get(w, set()) for w in name.split()))
        if not keys and len(span) == 1:
            # the morphology model misread the case of a surname it does not know
            # («Голубову» as a nominative): its lemma is still the surname
            name = token.lemma_.capitalize()
            keys = owners.get(name, set())
        if len(keys) == 1:
            add_person_mention(doc, span, name)


def _add_organisations(doc: AnnotatedDoc) -> None:
    assert doc.spacy is not None
    spans: list[tuple[int, int, str]] = []
    for ent in doc.spacy.ents:
        if ent.label_ == "ORG":
            normal = doc.spacy.user_data.get(NORMAL_FORMS, {}).get((ent.start_char, ent.end_char))
            name, end = _MARKS.sub("", normal or ent.text), ent.end_char
            after = doc.spacy[ent.end] if ent.end < len(doc.spacy) else None
            if after is not None and after.ent_type_ == "GPE" and "Gen" in after.morph.get(
                "Case", []
            ):
                # "Демократический выбор | Казахстана": the country belongs to the name
                name, end = f"{name} {after.text}", after.idx + len(after)
            spans.append((ent.start_char, end, name))
    for match in _QUOTED_NAME.finditer(doc.text):
        before = doc.spacy.char_span(match.start(), match.start() + 1, alignment_mode="expand")
        previous = doc.spacy[before.start - 1] if before is not None and before.start else None
        if previous is not None and previous.lemma_.lower() in _ORGANISATION_NOUNS:
            spans.append((match.start(1), match.end(1), match.group(1)))
    for start, end, name in sorted(spans):
        name = " ".join(name.split())
        if not name:
            continue
        key = name_key(name)
        org = doc.organisations.setdefault(key, OrganisationEntity(name=name, first_offset=start))
        org.aliases.add(name)
        mention = Mention(start, end, key, "organisation")
        span = doc.spacy.char_span(start, end, alignment_mode="expand")
        if span is None or any(t.i in doc.token_mentions for t in span):
            continue
        doc.mentions.append(mention)
        for token in span:
            doc.token_mentions[token.i] = mention
    doc.mentions.sort(key=lambda m: m.start)


def _country(doc: AnnotatedDoc) -> None:
    assert doc.spacy is not None
    named = [(COUNTRY_WORDS.get(token.lemma_.lower()), token.idx) for token in doc.spacy]
    # Russia's own legal vocabulary (its codes "УК РФ", "КоАП РФ"; the foreign-agent
    # footnote) says whose law is applied, where no country word is in the text.
    russian_law = _RUSSIAN_LAW.search(doc.text)
    doc.country = vote_country(
        [(code, offset) for code, offset in named if code], extra={"RU": 2} if russian_law else None
    )


def _role_words_near(token: Token) -> list[Token]:
    """Nouns describing the person named at `token`: "активистку Карину Вельтову",
    "журналистки Гулбахор Назаршоевой", "Вера Котова, 68-летняя пенсионерка"."""
    doc = token.doc
    near = [doc[i] for i in range(max(token.sent.start, token.i - 3), token.i)]
    if token.dep_ in ("appos", "nmod", "flat:name"):
        near.append(token.head)
    near += [t for c in token.children if c.dep_ == "appos" for t in c.subtree]
    return near


def _roles(doc: AnnotatedDoc) -> None:
    assert doc.spacy is not None
    for mention in doc.mentions:
        if mention.kind != "person":
            continue
        span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        person = doc.persons[mention.entity]
        for token in _role_words_near(span[0]) + _role_words_near(span.root):
            role = ROLE_WORDS.get(token.lemma_.lower())
            if role and role not in person.roles and token.pos_ in ("NOUN", "ADJ", "PROPN"):
                sent = token.sent
                person.roles[role] = doc.evidence(sent.start_char, sent.end_char)


@register(
    "ru_entities",
    needs=("spacy",),
    sets=("persons", "organisations", "country", "roles", "gender"),
)
def ru_entities_factory(settings: dict[str, Any]) -> Component:
    def ru_entities(doc: AnnotatedDoc) -> None:
        _add_persons(doc)
        _add_organisations(doc)
        _country(doc)
        _roles(doc)

    return ru_entities
