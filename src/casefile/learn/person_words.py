"""The words the victim model (`learn.victims`) reads around a person's mentions: what
the person is called (a title or a role), deeds of violence they do, verbs of saying, and
the prepositions and entity labels that say a name is a place's. Lemmas and labels only,
never names.
"""

from __future__ import annotations

# Words that name what a person is, by lemma, in classes the model weighs. Those that
# speak for a state or an organisation are rarely its victims; the others often are.
EN_TITLES: dict[str, str] = {
    **{w: "defender" for w in (
        "activist", "defender", "campaigner", "dissident", "protester", "blogger",
        "journalist", "reporter", "correspondent", "editor", "prisoner", "detainee",
        "unionist", "opposition", "critic", "leader", "member", "founder", "coordinator",
        "student", "believer", "witness")},
    **{w: "lawyer" for w in ("lawyer", "attorney", "advocate", "counsel")},
    **{w: "official" for w in (
        "judge", "prosecutor", "investigator", "minister", "president", "governor",
        "mayor", "officer", "official", "police", "policeman", "commander", "ambassador",
        "secretary", "chairman", "chief", "head", "general", "commissioner", "director",
        "rapporteur", "envoy", "senator", "premier", "prime", "authority")},
    **{w: "speaker" for w in ("spokesperson", "spokesman", "spokeswoman", "representative",
                              "researcher", "analyst", "expert", "professor", "deputy")},
    **{w: "relative" for w in (
        "wife", "husband", "mother", "father", "son", "daughter", "brother", "sister",
        "relative", "family", "colleague", "friend")},
    **{w: "perpetrator" for w in (
        "suspect", "killer", "gunman", "assailant", "attacker", "murderer", "perpetrator",
        "culprit", "militant", "terrorist", "kidnapper", "abductor", "shooter", "gang",
        "thug", "jihadist", "convict")},
}
RU_TITLES: dict[str, str] = {
    **{w: "defender" for w in (
        "активист", "правозащитник", "правозащитница", "диссидент", "блогер", "журналист",
        "журналистка", "корреспондент", "редактор", "политзаключённый", "политзаключенный",
        "заключённый", "заключенный", "оппозиционер", "критик", "лидер", "член",
        "основатель", "координатор", "студент", "верующий", "свидетель", "фигурант")},
    **{w: "lawyer" for w in ("адвокат", "юрист", "защитник")},
    **{w: "official" for w in (
        "судья", "прокурор", "следователь", "министр", "президент", "губернатор", "мэр",
        "офицер", "полицейский", "сотрудник", "глава", "начальник", "руководитель",
        "генерал", "посол", "председатель", "директор", "комиссар", "уполномоченный",
        "чиновник", "премьер")},
    **{w: "speaker" for w in ("представитель", "пресс-секретарь", "спикер", "эксперт",
                              "аналитик", "депутат", "профессор")},
    **{w: "relative" for w in (
        "жена", "муж", "мать", "отец", "сын", "дочь", "брат", "сестра", "родственник",
        "семья", "коллега", "друг", "супруга", "супруг")},
    **{w: "perpetrator" for w in (
        "подозреваемый", "убийца", "нападавший", "преступник", "боевик", "террорист",
        "похититель", "стрелок", "бандит")},
}
# Deeds of violence: the person who does them (their subject in the active voice, or the
# agent of the passive) is a perpetrator, whom the guidelines never count as a victim,
# however many trigger words ("convicted", "arrested") surround them.
VIOLENCE = frozenset({
    "kill", "murder", "attack", "assault", "shoot", "stab", "kidnap", "abduct", "rape",
    "beat", "torture", "bomb", "behead", "assassinate", "ambush", "rob", "lynch",
    "strangle", "hack", "threaten", "execute",
    "убить", "убивать", "напасть", "нападать", "похитить", "избить", "застрелить",
    "пытать", "изнасиловать", "ограбить", "взорвать", "зарезать", "угрожать", "расстрелять",
})
# spaCy's entity labels that say a name is not a person's.
NOT_PERSON_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT",
                                "WORK_OF_ART", "EVENT", "LAW"})
SPEECH = frozenset({
    "say", "tell", "state", "add", "note", "explain", "write", "claim", "argue", "comment",
    "declare", "insist", "stress", "announce", "according",
    "заявить", "сказать", "сообщить", "отметить", "рассказать", "говорить", "пояснить",
    "добавить", "написать", "подчеркнуть", "считать", "заявлять",
})
# Prepositions of place: the recogniser takes towns, prisons and regions for persons
# ("held in Velsk", "at Korvash"), and a person is seldom the object of one.
EN_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across",
                                    "throughout", "around"})
RU_PLACE_PREPOSITIONS = frozenset({"в", "на", "под", "около", "возле"})
