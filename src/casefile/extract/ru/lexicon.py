"""Russian words for persecution, roles and countries, by lemma (natasha's lemmas).

Lemmas, not forms: "задержали", "задержан", "задержанного" all have the lemma
"задержать", so one entry covers the verb, its participles and short passive forms.
"""

from __future__ import annotations

import re

# Verbs whose lemma alone says what happened.
VERB_TRIGGERS: dict[str, str] = {
    "задержать": "arrest",
    "арестовать": "arrest",
    "приговорить": "sentence",
    "осудить": "sentence",
    "обвинить": "charge",
    "обыскать": "search",
    "ворваться": "search",  # «ворвались в квартиру X»: a raid
    "освободить": "release",
    "отпустить": "release",
    "оштрафовать": "fine",
    "оправдать": "acquittal",
    "пытать": "ill_treatment",
    "избить": "ill_treatment",
    "избивать": "ill_treatment",
    "похитить": "disappearance",
    "убить": "death",
    "казнить": "death",
    "судить": "trial",
    "обжаловать": "appeal",
    "запретить": "restriction",
    "уволить": "harassment",
    "депортировать": "restriction",
    "выслать": "restriction",
    "угрожать": "harassment",
    "скончаться": "death",
    "умереть": "death",
    "погибнуть": "death",
    "пропасть": "disappearance",
    # GUIDELINES.md's readings: a poisoning is ill-treatment, a pardon or amnesty a release,
    # an expulsion from the country a restriction, questioning an investigation
    "отравить": "ill_treatment",
    "помиловать": "release",
    "амнистировать": "release",
    "застрелить": "death",
    "расстрелять": "death",
    "выдворить": "restriction",
    "допросить": "investigation",
    "отчислить": "harassment",
}

# Verbs that are persecution only in custody: "скончался в СИЗО", "пропал без вести".
IN_CUSTODY_ONLY = frozenset({"скончаться", "умереть", "погибнуть", "покончить"})
CUSTODY_NOUNS = frozenset(
    {"сизо", "колония", "тюрьма", "заключение", "стража", "изолятор", "отдел", "отделение",
     "пытка", "избиение"}
)

# Verbs that say what happened only with a particular noun: "взяли под стражу",
# "возбудили уголовное дело", "предъявили обвинение", "провели обыск".
VERB_NOUN_TRIGGERS: dict[tuple[str, str], str] = {
    ("покончить", "себя"): "death",  # «покончил с собой в СИЗО»; in custody only
    ("взять", "стража"): "arrest",
    ("заключить", "стража"): "arrest",
    ("поместить", "сизо"): "arrest",
    ("поместить", "изолятор"): "arrest",
    ("находиться", "сизо"): "arrest",
    ("находиться", "стража"): "arrest",
    ("находиться", "заключение"): "arrest",
    ("находиться", "изолятор"): "arrest",
    ("отправить", "изолятор"): "arrest",
    ("отправить", "сизо"): "arrest",
    ("избрать", "мера"): "arrest",
    ("продлить", "арест"): "arrest",
    ("продлить", "срок"): "arrest",
    ("выйти", "свобода"): "release",
    ("выпустить", "свобода"): "release",
    ("объявить", "розыск"): "investigation",
    ("внести", "реестр"): "designation",
    ("внести", "список"): "designation",
    ("включить", "реестр"): "designation",
    ("включить", "список"): "designation",
    ("оставить", "сила"): "appeal",
    ("оставить", "изменение"): "appeal",  # «оставил приговор без изменения»
    ("отклонить", "апелляция"): "appeal",
    ("отклонить", "жалоба"): "appeal",
    ("смягчить", "приговор"): "appeal",
    ("отменить", "приговор"): "appeal",
    ("рассмотреть", "дело"): "trial",
    ("рассматривать", "дело"): "trial",
    ("подвергнуть", "пытка"): "ill_treatment",
    ("подвергнуться", "пытка"): "ill_treatment",
    ("возбудить", "дело"): "investigation",
    ("завести", "дело"): "investigation",
    ("возбудить", "преследование"): "investigation",
    ("предъявить", "обвинение"): "charge",
    ("провести", "обыск"): "search",
    ("прийти", "обыск"): "search",
    ("вынести", "приговор"): "sentence",
    ("назначить", "наказание"): "sentence",
    ("лишить", "гражданство"): "restriction",
    # «доставили в отдел полиции» is a detention; «выпустили из СИЗО» a release
    ("доставить", "отдел"): "arrest",
    ("доставить", "отделение"): "arrest",
    ("доставить", "овд"): "arrest",
    ("выпустить", "сизо"): "release",
    ("выпустить", "колония"): "release",
    ("выпустить", "изолятор"): "release",
    ("внести", "перечень"): "designation",
    ("установить", "слежка"): "harassment",
    ("предстать", "суд"): "trial",
    ("прекратить", "дело"): "acquittal",
    ("прекратить", "преследование"): "acquittal",
    ("отказать", "помощь"): "ill_treatment",
    ("составить", "протокол"): "investigation",
}

# A punishment cell (GUIDELINES.md: ill-treatment): «ШИЗО», «карцер», «ПКТ»; «штрафной
# изолятор», «одиночная камера» by the word beside the noun.
PUNISHMENT_CELLS = frozenset({"шизо", "карцер", "пкт"})
PUNISHMENT_CELL_PHRASES = frozenset({("изолятор", "штрафной"), ("камера", "одиночный"),
                                     ("камера", "штрафной"), ("помещение", "камерный")})


# Nouns that name the event; their participant is a genitive ("задержание Иванова") or
# the person the sentence is about.
NOUN_TRIGGERS: dict[str, str] = {
    "задержание": "arrest",
    "арест": "arrest",
    "обыск": "search",
    "приговор": "sentence",
    "обвинение": "charge",
    "преследование": "charge",
    "освобождение": "release",
    "штраф": "fine",
    "пытка": "ill_treatment",
    "избиение": "ill_treatment",
    "похищение": "disappearance",
    "убийство": "death",
    "гибель": "death",
    "суд": "trial",
    "процесс": "trial",
    "апелляция": "appeal",
    "розыск": "investigation",
}

# Where the victim of a verb-noun phrase sits inside the noun: "рассмотрел дело Иванова",
# "оставил приговор Иванову в силе".
PHRASES_NAMING_INSIDE = frozenset({"дело", "приговор", "апелляция", "жалоба", "арест", "срок"})
# "мера пресечения в виде домашнего ареста" restricts; "в виде заключения под стражу"
# detains.
HOUSE_ARREST = re.compile(r"домашн\w+\s+арест|запрет\w*\s+определ", re.IGNORECASE)

# "признан(а) виновным": a conviction; "признана экстремистской": a designation.
GUILTY = frozenset({"виновный"})
# "признан невиновным": an acquittal (its lemma is a word of its own, not «виновный»).
INNOCENT = frozenset({"невиновный"})
DESIGNATION_LABELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"экстремист", re.I), "extremist"),
    (re.compile(r"террорист", re.I), "terrorist"),
    (re.compile(r"нежелательн", re.I), "undesirable"),
    (re.compile(r"иностранн\w*\s+агент|иноагент", re.I), "foreign agent"),
    (re.compile(r"ликвид", re.I), "liquidated"),
    (re.compile(r"запрещ", re.I), "banned"),
)

# Nouns for people, which a plural or counted phrase ("всех четверых задержанных")
# uses to refer back to the people just named.
PEOPLE_NOUNS = frozenset(
    {"человек", "люди", "активист", "активистка", "задержанный", "журналист", "журналистка",
     "верующий", "политзаключенный", "политзаключённый", "правозащитник", "пикетчик",
     "участник", "член", "обвиняемый", "осужденный", "осуждённый", "фигурант", "блогер",
     "студент", "девушка", "мужчина", "женщина", "сын", "дочь", "супруг", "четверо",
     "трое", "двое", "пятеро", "шестеро", "знакомый", "россиянин", "житель"}
)
COUNT_WORDS = {"двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6, "семеро": 7,
               "оба": 2, "обе": 2, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5}

PRONOUNS_SINGULAR = frozenset({"он", "она"})
PRONOUNS_PLURAL = frozenset({"они"})

ROLE_WORDS: dict[str, str] = {
    "активист": "activist",
    "активистка": "activist",
    "пикетчик": "activist",
    "пикетчица": "activist",
    "журналист": "journalist",
    "журналистка": "journalist",
    "корреспондент": "journalist",
    "редактор": "journalist",
    "блогер": "blogger",
    "блогерка": "blogger",
    "правозащитник": "human_rights_defender",
    "правозащитница": "human_rights_defender",
    "сопредседатель": "human_rights_defender",
    "адвокат": "lawyer",
    "юрист": "lawyer",
    "политик": "politician",
    "депутат": "politician",
    "оппозиционер": "opposition_member",
    "оппозиционерка": "opposition_member",
    "верующий": "religious_believer",
    "верующая": "religious_believer",
    "священник": "religious_believer",
    "имам": "religious_believer",
    "ученый": "academic",
    "учёный": "academic",
    "преподаватель": "academic",
    "профессор": "academic",
    "художник": "artist",
    "художница": "artist",
    "музыкант": "artist",
    "поэт": "artist",
    "спортсмен": "athlete",
    "спортсменка": "athlete",
    "тренер": "athlete",
    "студент": "student",
    "студентка": "student",
    "профсоюзный": "trade_unionist",
    "чиновник": "civil_servant",
    "сын": "relative",
    "дочь": "relative",
    "мать": "relative",
    "отец": "relative",
    "жена": "relative",
    "муж": "relative",
    "супруг": "relative",
    "супруга": "relative",
    "брат": "relative",
    "сестра": "relative",
}

# Titles of officials and spokespeople: the records are about their victims, and a
# pronoun rarely points back to them.
OFFICIAL_WORDS = frozenset(
    {"судья", "прокурор", "президент", "министр", "следователь", "губернатор", "глава",
     "председатель", "координатор", "представитель", "пресс-секретарь"}
)
# A title that is past («бывший министр»), or held in a body that is not the state's,
# does not make an official.
FORMER_WORDS = frozenset({"бывший", "экс"})
NON_STATE_BODIES = frozenset(
    {"организация", "объединение", "отделение", "движение", "центр", "союз", "ассоциация",
     "фонд", "общество", "сеть", "коалиция", "альянс", "федерация", "оппозиция",
     "профсоюз", "издание", "редакция", "газета", "журнал", "университет", "церковь",
     "община"}
)

# Where the persecuting state is named: names of countries, their capitals and adjectives.
COUNTRY_WORDS: dict[str, str] = {
    "россия": "RU", "рф": "RU", "москва": "RU", "российский": "RU", "крым": "RU",
    "крымский": "RU", "санкт-петербург": "RU",
    "беларусь": "BY", "белоруссия": "BY", "минск": "BY", "белорусский": "BY",
    "казахстан": "KZ", "алматы": "KZ", "астана": "KZ", "казахстанский": "KZ",
    "таджикистан": "TJ", "душанбе": "TJ", "таджикский": "TJ",
    "узбекистан": "UZ", "ташкент": "UZ", "узбекский": "UZ",
    "кыргызстан": "KG", "киргизия": "KG", "бишкек": "KG", "кыргызский": "KG",
    "туркменистан": "TM", "азербайджан": "AZ", "баку": "AZ", "азербайджанский": "AZ",
    "украина": "UA", "киев": "UA", "украинский": "UA", "грузия": "GE", "армения": "AM",
}

# Verbs of saying, whose subject says the quote beside them («— рассказал Иван Ворсин»).
SPEECH_VERBS = frozenset(
    {"сказать", "заявить", "рассказать", "сообщить", "говорить", "отметить", "написать",
     "добавить", "пояснить", "вспоминать", "вспомнить", "рассказывать"}
)
