"""Well-known organisations named in our documents, each with its names in several
languages and its acronyms. Data only: one tuple an organisation, every string a name or
acronym of it. Add rows; do not add matching logic here."""

from __future__ import annotations

KNOWN_ORGANISATIONS: tuple[tuple[str, ...], ...] = (
    ("Democratic Choice of Kazakhstan", "DCK", "Демократический выбор Казахстана", "ДВК",
     "Qazaqstannyń demokratııalyq tańdaýy"),
    ("Memorial", "Memorial Human Rights Centre", "Мемориал", "Правозащитный центр «Мемориал»",
     "ПЦ Мемориал"),
    ("Viasna", "Human Rights Centre Viasna", "Вясна", "Весна", "Правозащитный центр «Весна»"),
    ("Anti-Corruption Foundation", "FBK", "Фонд борьбы с коррупцией", "ФБК"),
    ("Federal Security Service", "FSB", "Федеральная служба безопасности", "ФСБ"),
    ("National Security Committee", "KNB", "Комитет национальной безопасности", "КНБ",
     "ҰҚК"),
    ("Group 24", "Группа 24", "Gruppa 24"),
    ("Jehovah's Witnesses", "Свидетели Иеговы"),
    ("Hizb ut-Tahrir", "Хизб ут-Тахрир"),
    ("Islamic Renaissance Party of Tajikistan", "IRPT", "Партия исламского возрождения "
     "Таджикистана", "ПИВТ"),
)  # fmt: skip
