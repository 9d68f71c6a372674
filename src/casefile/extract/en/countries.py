"""English country names and demonyms mapped to ISO 3166-1 alpha-2 codes.

Only states that commonly appear in reports about political persecution; extend freely.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

_TABLE: dict[str, tuple[str, ...]] = {
    "AF": ("Afghanistan", "Afghan"),
    "AZ": ("Azerbaijan", "Azerbaijani", "Azeri"),
    "BH": ("Bahrain", "Bahraini"),
    "BD": ("Bangladesh", "Bangladeshi"),
    "BY": ("Belarus", "Belarusian", "Belarusan", "Byelorussian"),
    "BI": ("Burundi", "Burundian"),
    "KH": ("Cambodia", "Cambodian"),
    "CM": ("Cameroon", "Cameroonian"),
    "CN": ("China", "Chinese", "PRC", "People's Republic of China", "Uyghur", "Uighur",
           "Tibetan"),
    "CU": ("Cuba", "Cuban"),
    "EG": ("Egypt", "Egyptian"),
    "ER": ("Eritrea", "Eritrean"),
    "ET": ("Ethiopia", "Ethiopian"),
    "GE": ("Georgia",),
    "HK": ("Hong Kong",),
    "IN": ("India", "Indian"),
    "IR": ("Iran", "Iranian", "Islamic Republic of Iran"),
    "IQ": ("Iraq", "Iraqi"),
    "IL": ("Israel", "Israeli"),
    "KZ": ("Kazakhstan", "Kazakhstani", "Kazakh"),
    "KG": ("Kyrgyzstan", "Kyrgyz", "Kyrgyzstani"),
    "LA": ("Laos", "Lao", "Laotian"),
    "MM": ("Myanmar", "Burma", "Burmese"),
    "NI": ("Nicaragua", "Nicaraguan"),
    "KP": ("North Korea", "North Korean", "DPRK"),
    "PK": ("Pakistan", "Pakistani"),
    "PS": ("Palestine", "Palestinian"),
    "PH": ("Philippines", "Philippine", "Filipino"),
    "RU": ("Russia", "Russian", "Russian Federation", "Crimea", "Crimean"),
    "RW": ("Rwanda", "Rwandan"),
    "SA": ("Saudi Arabia", "Saudi"),
    "SY": ("Syria", "Syrian"),
    "TJ": ("Tajikistan", "Tajik", "Tajikistani"),
    "TH": ("Thailand", "Thai"),
    "TR": ("Turkey", "Türkiye", "Turkish"),
    "TM": ("Turkmenistan", "Turkmen"),
    "UG": ("Uganda", "Ugandan"),
    "UA": ("Ukraine", "Ukrainian"),
    "AE": ("United Arab Emirates", "UAE", "Emirati"),
    "UZ": ("Uzbekistan", "Uzbek"),
    "VE": ("Venezuela", "Venezuelan"),
    "VN": ("Viet Nam", "Vietnam", "Vietnamese"),
    "ZW": ("Zimbabwe", "Zimbabwean"),
    "US": ("United States", "U.S.", "US", "America", "American"),
    "GB": ("United Kingdom", "UK", "Britain", "British"),
    "DE": ("Germany", "German"),
    "FR": ("France", "French"),
    "PL": ("Poland", "Polish"),
    "LT": ("Lithuania", "Lithuanian"),
}

COUNTRY_BY_NAME: dict[str, str] = {
    name.casefold(): code for code, names in _TABLE.items() for name in names
}

# States that host exiles and NGOs far more often than they persecute the people
# named in these reports: they never become a document's country on mentions alone.
HOST_STATES = frozenset({"US", "GB", "DE", "FR", "PL", "LT"})


def country_code(name: str) -> str | None:
    cleaned = name.strip().removeprefix("the ").removesuffix("'s").removesuffix("’s")
    return COUNTRY_BY_NAME.get(cleaned.casefold())


@cache
def _territory_names() -> frozenset[str]:
    """Every country's and territory's English name CLDR knows ("Jordan", "Chad")."""
    return frozenset(
        " ".join(name.split()).casefold()
        for code, name in Locale.parse("en").territories.items() if code.isalpha()
    )


def is_country_name(name: str) -> bool:
    """Whether `name` names a country, of those this table knows or any other."""
    cleaned = name.strip().removeprefix("the ").removesuffix("'s").removesuffix("’s")
    return country_code(cleaned) is not None or cleaned.casefold() in _territory_names()
