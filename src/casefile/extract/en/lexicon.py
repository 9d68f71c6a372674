"""English vocabulary of persecution: which words signal which event type.

Kept as data so a reviewer can read and extend it without touching the grammar code.
Lemmas are spaCy lemmas (lower case).
"""

from __future__ import annotations

# Verbs whose grammatical object (active) or subject (passive) suffers the event.
VERB_TRIGGERS: dict[str, str] = {
    "arrest": "arrest",
    "detain": "arrest",
    "apprehend": "arrest",
    "remand": "arrest",
    "jail": "arrest",  # becomes a sentence when a term follows ("jailed for six years")
    "imprison": "arrest",
    "incarcerate": "arrest",
    "rearrest": "arrest",
    "re-arrest": "arrest",
    "search": "search",
    "raid": "search",
    "investigate": "investigation",
    "summon": "investigation",
    "interrogate": "investigation",
    "question": "investigation",
    "probe": "investigation",  # "police are probing X"
    "subpoena": "investigation",
    "charge": "charge",
    "accuse": "charge",
    "indict": "charge",
    "prosecute": "charge",
    "try": "trial",
    "convict": "conviction",
    "sentence": "sentence",
    "condemn": "sentence",  # only with "to" + a penalty, see triggers.py
    "acquit": "acquittal",
    "exonerate": "acquittal",
    "release": "release",
    "free": "release",
    "pardon": "release",
    "amnesty": "release",
    "parole": "release",
    "fine": "fine",
    "deport": "restriction",
    "expel": "restriction",
    "exile": "restriction",
    "bar": "restriction",
    "forbid": "restriction",  # "forbidden to leave the country", passive only
    "prohibit": "restriction",  # "prohibited from practising law", passive only
    "disbar": "restriction",  # GUIDELINES.md: barred from a profession
    "torture": "ill_treatment",
    "beat": "ill_treatment",
    "kick": "ill_treatment",  # "kicked out" is an expulsion (readings.py)
    "punch": "ill_treatment",
    "rape": "ill_treatment",
    "ill-treat": "ill_treatment",
    "mistreat": "ill_treatment",
    "abuse": "ill_treatment",
    "poison": "ill_treatment",
    "assault": "ill_treatment",
    "attack": "ill_treatment",  # passive only: "X was attacked by unknown men"
    "threaten": "harassment",
    "harass": "harassment",
    "intimidate": "harassment",
    "surveil": "harassment",
    "dismiss": "harassment",
    "fire": "harassment",
    "follow": "harassment",  # passive only: "he had been followed by agents"
    "capture": "arrest",
    "seize": "arrest",
    "hold": "arrest",
    "smear": "harassment",
    "persecute": "harassment",
    "disappear": "disappearance",
    "abduct": "disappearance",
    "kidnap": "disappearance",
    "snatch": "disappearance",  # by police an arrest (agents.py)
    "kill": "death",
    "murder": "death",
    "execute": "death",
    "hang": "death",
    "assassinate": "death",
    "shoot": "death",
    "lynch": "death",
    "strangle": "death",
    "designate": "designation",
    "outlaw": "designation",
    "liquidate": "designation",
    "dissolve": "designation",
    "suspend": "designation",  # organisations only: a suspended person is not designated
    "shut": "designation",  # "shut down"
    "block": "designation",  # an outlet's website; organisations only
    "disband": "designation",  # these too: organisations only
    "deregister": "designation",
    "shutter": "designation",
    "close": "designation",
    "revoke": "designation",  # "revoked the licence of X"
    # Only designations when a label word ("extremist", "undesirable") comes with them.
    "ban": "designation",
    "declare": "designation",
    "recognize": "designation",
    "recognise": "designation",
    "label": "designation",
    "list": "designation",
}

# Verbs where the participant is the grammatical subject even in the active voice.
SUBJECT_VERBS: dict[str, str] = {
    "die": "death",
    "succumb": "death",  # "succumbed to his injuries"
    "disappear": "disappearance",
    "vanish": "disappearance",
}

# Nouns that name an event; the participant is "of X", "X's", or the subject of a
# support verb ("X faces charges", "X received a sentence").
NOUN_TRIGGERS: dict[str, str] = {
    "arrest": "arrest",
    "detention": "arrest",
    "imprisonment": "arrest",
    "custody": "arrest",
    "incarceration": "arrest",
    "search": "search",
    "raid": "search",
    "investigation": "investigation",
    "interrogation": "investigation",
    "summons": "investigation",
    "summon": "investigation",  # the tagger's lemma of a lone "summons"
    "charge": "charge",
    "indictment": "charge",
    "prosecution": "charge",
    "trial": "trial",
    "hearing": "trial",
    "conviction": "conviction",
    "sentence": "sentence",
    "sentencing": "sentence",
    "acquittal": "acquittal",
    "appeal": "appeal",
    "release": "release",
    "pardon": "release",
    "fine": "fine",
    "torture": "ill_treatment",
    "beating": "ill_treatment",
    "poisoning": "ill_treatment",
    "harassment": "harassment",
    "threat": "harassment",
    "intimidation": "harassment",
    "allegation": "charge",
    "accusation": "charge",
    "surveillance": "harassment",
    "disappearance": "disappearance",
    "abduction": "disappearance",
    "death": "death",
    "killing": "death",
    "murder": "death",
    "execution": "death",
    "retrial": "trial",
    "assassination": "death",
    "lynching": "death",
    "probe": "investigation",  # "opened a probe into X"
    "subpoena": "investigation",
}

# Support verbs that hand a noun event to their subject: "X faces charges".
SUPPORT_VERBS = frozenset(
    {"receive", "face", "serve", "get", "undergo", "await", "spend", "begin", "go", "stand",
     "survive",
     "remain", "suffer", "endure", "be", "hand", "give"}
)

# Words after which a trigger is a demand, hope or hypothesis, not an assertion.
IRREALIS_HEADS = frozenset(
    {"call", "demand", "urge", "ask", "want", "hope", "seek", "push", "request", "risk",
     "prevent", "stop", "avoid", "halt", "without", "end", "secure", "ensure", "allow",
     "threaten", "could", "would", "should", "must", "may", "might", "face", "await",
     "insist", "necessitate", "require", "direct", "refuse", "decline", "expect", "plan",
     "intend", "schedule", "wait"}
)
MODALS = frozenset({"must", "should", "could", "would", "may", "might", "can", "shall"})

PRONOUNS_SINGULAR = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
PRONOUNS_PLURAL = frozenset({"they", "them", "their", "both", "all"})

DESIGNATION_LABELS: dict[str, str] = {
    "extremist": "extremist",
    "extremism": "extremist",
    "terrorist": "terrorist",
    "terrorists": "terrorist",
    "extremists": "extremist",
    "terror": "terrorist",
    "undesirable": "undesirable",
    "foreign agent": "foreign agent",
    "foreign agents": "foreign agent",
    "banned": "banned",
    "ban": "banned",
    "outlawed": "banned",
    "illegal": "banned",
    "liquidated": "liquidated",
    "liquidate": "liquidated",
    "liquidation": "liquidated",
    "dissolved": "liquidated",
    "suspended": "suspended",
}

# Role words (lemmas or phrases) that describe a person, mapped to guideline roles.
ROLE_WORDS: dict[str, str] = {
    "activist": "activist",
    "campaigner": "activist",
    "protester": "activist",
    "protestor": "activist",
    "dissident": "activist",
    "journalist": "journalist",
    "reporter": "journalist",
    "correspondent": "journalist",
    "editor": "journalist",
    "photojournalist": "journalist",
    "blogger": "blogger",
    "vlogger": "blogger",
    "youtuber": "blogger",
    "human rights defender": "human_rights_defender",
    "rights defender": "human_rights_defender",
    "human rights activist": "human_rights_defender",
    "rights activist": "human_rights_defender",
    "human rights lawyer": "human_rights_defender",
    "lawyer": "lawyer",
    "attorney": "lawyer",
    "advocate": "lawyer",
    "politician": "politician",
    "lawmaker": "politician",
    "deputy": "politician",
    "mp": "politician",
    "candidate": "politician",
    "opposition": "opposition_member",
    "opposition leader": "opposition_member",
    "opposition figure": "opposition_member",
    "opposition politician": "opposition_member",
    "jehovah's witness": "religious_believer",
    "believer": "religious_believer",
    "imam": "religious_believer",
    "priest": "religious_believer",
    "pastor": "religious_believer",
    "monk": "religious_believer",
    "academic": "academic",
    "scholar": "academic",
    "professor": "academic",
    "researcher": "academic",
    "scientist": "academic",
    "artist": "artist",
    "musician": "artist",
    "singer": "artist",
    "poet": "artist",
    "writer": "artist",
    "filmmaker": "artist",
    "rapper": "artist",
    "athlete": "athlete",
    "sportsman": "athlete",
    "footballer": "athlete",
    "student": "student",
    "trade unionist": "trade_unionist",
    "unionist": "trade_unionist",
    "union leader": "trade_unionist",
    "civil servant": "civil_servant",
    "official": "civil_servant",
    "wife": "relative",
    "husband": "relative",
    "mother": "relative",
    "father": "relative",
    "son": "relative",
    "daughter": "relative",
    "brother": "relative",
    "sister": "relative",
    "partner": "relative",
    "girlfriend": "relative",
    "boyfriend": "relative",
    "relative": "relative",
}

# Nouns that count people in a statistic: "nine persons have been convicted".
PEOPLE_NOUNS = frozenset(
    {"people", "person", "persons", "individuals", "individual", "activists", "journalists",
     "protesters", "protestors", "bloggers", "defenders", "lawyers", "members", "supporters",
     "believers", "prisoners", "students", "men", "women", "detainees", "citizens", "others",
     "opponents", "critics", "witnesses", "dissidents", "workers", "residents", "children"}
)

# Nouns of those who wield force or office: "two police officers were arrested" tells of
# new people, never of the victims the text named before.
FORCE_NOUNS = frozenset(
    {"officer", "policeman", "policewoman", "police", "soldier", "guard", "agent", "official",
     "trooper", "militant", "gunman", "assailant", "attacker", "suspect", "perpetrator",
     "killer", "kidnapper", "abductor", "militiaman", "commander", "investigator",
     "prosecutor", "judge", "warden", "jailer"}
)

# Those of FORCE_NOUNS, and others, who take people for no state: GUIDELINES.md makes their
# seizure of a person a `disappearance` ("held by gunmen"), not an `arrest`.
NON_STATE_CAPTORS = frozenset(
    {"militant", "gunman", "assailant", "attacker", "kidnapper", "abductor", "militiaman",
     "bandit", "rebel", "terrorist", "insurgent", "captor", "criminal", "pirate", "jihadist"}
)
# "Unknown men", "masked gunmen": words that make any men unnamed captors.
UNNAMED_CAPTOR_WORDS = frozenset({"unknown", "unidentified", "masked", "armed", "hooded"})

# Verbs of saying: a date on them is when something was said, not when it happened.
SPEECH_VERBS = frozenset(
    {"say", "tell", "write", "add", "note", "state", "explain", "comment", "report",
     "announce", "tweet", "post"}
)

# Nouns that say a name belongs to a person: "Qin Haoyu, 19, a bakery worker",
# "a young man, Qin Haoyu".
HUMAN_NOUNS = frozenset(
    {w for w in ROLE_WORDS if " " not in w}
    | {"man", "woman", "boy", "girl", "person", "technician", "engineer", "worker", "teacher",
       "doctor", "father", "mother", "son", "daughter", "wife", "husband", "brother", "sister",
       "uncle", "aunt", "nephew", "niece", "cousin", "friend", "colleague", "member", "leader",
       "founder", "director", "chairman", "chairwoman", "head", "citizen", "resident",
       "national", "native", "farmer", "businessman", "businesswoman", "entrepreneur",
       "writer", "poet", "singer", "musician", "rapper", "satirist", "comedian", "pastor",
       "defendant", "prisoner", "detainee", "mother-of-two", "father-of-two", "grandmother",
       "grandfather", "spouse", "partner", "fiancee", "fiancé", "widow", "client",
       "co-defendant", "codefendant", "relative", "neighbour", "neighbor", "classmate",
       "child"}
)
