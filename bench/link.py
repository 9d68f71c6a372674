"""Linking benchmark: synthetic people, their mentions in many spellings, pairwise P/R/F1.

Generates (seeded) people with Russian, Kazakh, Belarusian, Tajik and Uzbek names in
Cyrillic, plus people deliberately close to them (relatives sharing a surname, a son
whose patronymic is his father's name, namesakes one letter apart, full namesakes
with another patronymic), then mentions: Russian case forms, romanisations by several
systems (BGN/PCGN, ICAO, scholarly, Kazakh Latin, press habits), initials, name order,
patronymics, typos. The romanisers (`link_spellings.py`) are written independently of
`casefile.link.translit`, so the benchmark does not test the folding table with itself.
Namesakes are only the deliberate ones (relatives draw given names no one with their
surname bears), and no two people share given name, patronymic and surname: those no
name, and no reader, could tell apart.

    .venv/bin/python bench/link.py [--people 5000] [--mentions 100000] [--seed 7]
        [--config casefile.toml] [--fit] [--engine local|dask --workers 2]

`--fit` links the same mentions under every combination of `GRID` and prints the best
as a `[link]` table for casefile.toml (run it at --mentions 20000: 27 runs).
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from casefile.link import LinkResult, Mention, link
from casefile.link.config import LinkConfig, LinkConfigError, load_link_config
from casefile.link.linker import local_pairs
from link_spellings import ALL_SYSTEMS, CLASSIC, DAUGHTER_OF, SON_OF, TURKIC_FATHERS, romanise


def _words(text: str) -> list[str]:
    return text.split()


MALE = _words(
    "Александр Алексей Андрей Антон Артём Борис Вадим Валентин Василий Виктор Виталий "
    "Владимир Вячеслав Геннадий Георгий Григорий Денис Дмитрий Евгений Егор Иван Игорь "
    "Илья Кирилл Константин Леонид Максим Михаил Никита Николай Олег Павел Пётр Роман "
    "Руслан Сергей Станислав Степан Тимур Фёдор Юрий Ярослав Алесь Марат Нурлан Ерлан "
    "Серик Асхат Бауыржан Жанболат Кайрат Мухтар Талгат Санжар Аскар Даурен Ержан Канат "
    "Максат Бахтиёр Дилшод Рустам Фаррух Шухрат Зафар Джамшед Умед Алишер Бахром Комил "
    "Шерзод Ибрагим Абдулло Далер Исмоил Хуршед Азамат Жаслан Ильхом"
)
FEMALE = _words(
    "Александра Алла Анастасия Анна Валентина Валерия Вера Виктория Галина Дарья Евгения "
    "Екатерина Елена Ирина Кира Ксения Людмила Марина Мария Надежда Наталья Нина Ольга "
    "Полина Светлана София Татьяна Юлия Яна Айгуль Динара Жанна Гульнара Асель Айжан "
    "Салтанат Дильноза Гулноза Зарина Мадина Нигора Шахло Мунира Фарангис Гульбатхоним"
)
ROOTS = _words(
    "Орл Иван Петр Сидор Смирн Кузнецо Соколо Лебед Козл Новик Мороз Медвед Голуб Зайц "
    "Карп Щерба Журавл Громык Белоус Чернов Широк Быстр Гусе Комар Тарас Жукo Рыбак "
    "Ковал Мельник Жолдыба Нурлан Серикба Токта Кайрат Мухтар Асхат Жумаба Бекмухамбет "
    "Сатпа Кудайберген Давлатшо Рахмон Карим Шарип Назар Сафар Юлдаш Абдулла Рахим Усман "
    "Турсун Хамид Умар Исмаил Хасан Худайберд Ташпулат Ахмед Султан Бабаджан Нурмат "
    "Давлат Ковальч Мельнич"
)
SKY_ROOTS = _words("Беляц Ходоров Новиц Заблоц Вишнев Тихановс Якубовс Бродс Дубовс Вороц")
ICH_ROOTS = _words("Статкев Лукашев Мицкев Бабкев Шушкев Сакович Карпович Ходкев")


@dataclass
class Person:
    pid: int
    given: str
    surname: str  # masculine nominative stem + suffix, Cyrillic
    kind: str  # ov | sky | ich | uk | zoda | ko
    female: bool
    patronymic: str | None
    turkic: int | None = None  # which "son of" / "daughter of" word (SON_OF's index)


def _ov(root: str) -> str:
    if root[-1] in "ое":
        return root + "в"  # Кузнецов, Гусев
    return root + ("ев" if root[-1] in "ажшчщцй" else "ов")  # Жолдыбаев, Угров


def _surnames(rng: random.Random) -> list[tuple[str, str]]:
    out = set()
    for root in ROOTS:
        r = root.replace("o", "о")
        out.add((_ov(r), "ov"))
        out.add((r + "ин", "ov"))
        out.add((r + "енко", "ko"))
        out.add((r + "ук", "uk"))
        out.add((r + "зода", "zoda"))
        for syl in ("ба", "бек", "ку", "та", "му", "дже", "ра"):
            out.add((_ov(r + syl), "ov"))
    for r in SKY_ROOTS:
        out.add((r + ("кий" if r.endswith("ц") else "кий" if r.endswith("с") else "ский"), "sky"))
    for r in ICH_ROOTS:
        out.add((r if r.endswith("ич") else r + "ич", "ich"))
    names = sorted(out)
    rng.shuffle(names)
    return names


def _patronymic(father: str, female: bool) -> str:
    base = father.rstrip("йь")
    if father.endswith(("й", "ь")) or base[-1] in "жшчщц":
        suffix = "евна" if female else "евич"
    elif father.endswith("а"):
        base, suffix = father[:-1], ("ична" if female else "ич")
    else:
        suffix = "овна" if female else "ович"
    return base + suffix


MAX_REDRAWS = 100_000  # draws in a row that all name someone already named


def _used_up(n: int, people: int) -> SystemExit:
    return SystemExit(
        f"--people {n}: the name lists hold too few distinct names"
        f" (this seed stopped at {people:,} people)"
    )


def make_people(n: int, rng: random.Random) -> list[Person]:
    surnames = _surnames(rng)
    weights = [1 / (i + 1) ** 0.5 for i in range(len(surnames))]  # some surnames common
    people: list[Person] = []

    full_names: set[tuple[str, str, str | None]] = set()

    def new(
        given: str, surname: tuple[str, str], female: bool, father: str | None, son: bool = False
    ) -> Person:
        # Two people with one given name, patronymic and surname cannot be told apart by
        # any name-based method, nor by a human: such a draw is redrawn (a son's given name,
        # anyone else's father). This happened by chance (once in 5,000 at seed 7).
        redraws = 0
        while (given, surname[0], _patronymic(father, female) if father else None) in full_names:
            redraws += 1
            if redraws > MAX_REDRAWS:
                raise _used_up(n, len(taken))
            if son or father is None:
                given = rng.choice(FEMALE if female else MALE)
            else:
                father = rng.choice(MALE)
        patronymic = _patronymic(father, female) if father else None
        full_names.add((given, surname[0], patronymic))
        p = Person(len(people), given, surname[0], surname[1], female, patronymic)
        if CENTRAL_ASIAN and father in TURKIC_FATHERS and len(people) % 2 == 0:  # no draw
            p.turkic = len(people) // 2 % 4
            p.patronymic = father
        people.append(p)
        return p

    taken: set[tuple[str, str]] = set()  # the people drawn first
    named: set[tuple[str, str]] = set()  # everyone's given name and surname

    def relative(pool: list[str], surname: str) -> str:
        # A relative's given name is redrawn if someone already bears it with this
        # surname: chance namesakes are excluded here as in the main draw (they slipped
        # in through relatives: half of the full namesakes were such, some with no
        # patronymic ever written, so that no name could tell them apart).
        given = rng.choice(pool)
        redraws = 0
        while (given, surname) in named:
            redraws += 1
            if redraws > MAX_REDRAWS:
                raise _used_up(n, len(taken))
            given = rng.choice(pool)
        return given

    misses = 0
    while len(taken) < n:
        female = rng.random() < 0.35
        sur = rng.choices(surnames, weights)[0]
        given = rng.choice(FEMALE if female else MALE)
        if (given, sur[0]) in named:  # namesakes by chance: only the deliberate ones below
            misses += 1
            if misses > MAX_REDRAWS:  # the lists' given name and surname pairs are used up
                raise _used_up(n, len(taken))
            continue
        misses = 0
        taken.add((given, sur[0]))
        named.add((given, sur[0]))
        p = new(given, sur, female, rng.choice(MALE))
        r = rng.random()
        if r < 0.08:  # son: his patronymic is his father's given name
            father = p.given if not p.female else None
            son = relative(MALE, p.surname)
            named.add((son, p.surname))
            new(son, (p.surname, p.kind), False, father, son=True)
        elif r < 0.14:  # namesake one letter away (Karimov / Kerimov)
            s = list(p.surname)
            i = rng.randrange(1, max(2, len(s) - 3))
            s[i] = rng.choice("аеоуирнлкмт".replace(s[i], ""))
            named.add((p.given, "".join(s)))
            new(p.given, ("".join(s), p.kind), p.female, rng.choice(MALE))
        elif r < 0.17:  # sister or wife: same family name
            sister = relative(FEMALE, p.surname)
            named.add((sister, p.surname))
            new(sister, (p.surname, p.kind), True, rng.choice(MALE))
        elif r < 0.18:  # full namesake, another patronymic
            new(p.given, (p.surname, p.kind), p.female, rng.choice(MALE))
    return people


def feminine(surname: str, kind: str) -> str:
    if kind == "ov":
        return surname + "а"
    if kind == "sky":
        return surname[:-2] + "ая"
    return surname


def decline_surname(s: str, kind: str, female: bool, case: int) -> str:
    """case: 0 nominative, 1 genitive, 2 dative, 3 accusative, 4 instrumental, 5 prepositional."""
    if case == 0 or kind in ("ko", "zoda"):
        return feminine(s, kind) if female else s
    if kind == "ov":
        if female:
            return s + ("ой", "ой", "у", "ой", "ой")[case - 1]
        return s + ("а", "у", "а", "ым", "е")[case - 1]
    if kind == "sky":
        if female:
            return s[:-2] + ("ой", "ой", "ую", "ой", "ой")[case - 1]
        return s[:-2] + ("ого", "ому", "ого", "им", "ом")[case - 1]
    if female:  # -ич, -ук: women's forms do not decline
        return s
    return s + ("а", "у", "а", "ем" if s.endswith("ч") else "ом", "е")[case - 1]


def decline_given(g: str, case: int, female: bool) -> str:
    if case == 0 or (female and g[-1] not in "ая"):  # Айгуль does not decline
        return g
    if g.endswith("ия"):
        return g[:-1] + ("и", "и", "ю", "ей", "и")[case - 1]
    if g.endswith(("а", "я")):
        soft = g.endswith("я") or g[-2] in "гкхжшчщ"
        gen = "и" if soft else "ы"
        return (
            g[:-1]
            + (gen, "е", "ю" if g.endswith("я") else "у", "ей" if g.endswith("я") else "ой", "е")[
                case - 1
            ]
        )
    if g.endswith(("й", "ь")):
        return g[:-1] + ("я", "ю", "я", "ем", "е")[case - 1]
    return g + ("а", "у", "а", "ем" if g[-1] in "жшчщц" else "ом", "е")[case - 1]


CENTRAL_ASIAN = True  # --classic: False, the benchmark as it was (CLASSIC, no Turkic words)


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    letters = "абвгдеиклмнопрстуaeiouklmnprstv"
    if op == 0:
        return word[:i] + word[i + 1 :]
    if op == 1:
        return word[:i] + rng.choice(letters) + word[i:]
    if op == 2:
        return word[:i] + rng.choice(letters) + word[i + 1 :]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def mention(p: Person, rng: random.Random) -> str:
    surname = feminine(p.surname, p.kind) if p.female else p.surname
    given, patr = p.given, p.patronymic
    cyrillic = rng.random() < 0.45
    case = rng.choice((0, 0, 0, 1, 2, 3, 4, 5)) if cyrillic else 0
    s = decline_surname(p.surname, p.kind, p.female, case)
    g = decline_given(given, case, p.female)
    pt = decline_given(patr, case, p.female) if patr else None
    system = "cyrillic"
    if not cyrillic:
        system = rng.choice(ALL_SYSTEMS if CENTRAL_ASIAN else CLASSIC)
        s, g = romanise(surname, system, rng), romanise(given, system, rng)
        pt = romanise(patr, system, rng) if patr else None
    if p.turkic is not None and patr:  # the father's name and "son of", undeclined
        word = (DAUGHTER_OF if p.female else SON_OF)[system][p.turkic]
        father = patr if cyrillic else romanise(patr, system, rng)
        pt = father + word
    if rng.random() < 0.04:  # a typo in one word
        if rng.random() < 0.6:
            s = typo(s, rng)
        else:
            g = typo(g, rng)
    form = rng.random()
    if form < 0.55:
        return f"{g} {s}"
    if form < 0.70:
        return f"{s} {g}"
    if form < 0.80 and pt:
        return f"{g} {pt} {s}" if rng.random() < 0.5 else f"{s} {g} {pt}"
    if form < 0.92:
        return f"{g[0]}. {s}" if rng.random() < 0.6 else f"{s} {g[0]}."
    if pt:
        return f"{g[0]}.{pt[0]}. {s}" if rng.random() < 0.5 else f"{s} {g[0]}.{pt[0]}."
    return f"{g} {s}"


def pairwise(truth: dict[str, int], clusters: list[list[str]]) -> tuple[float, float, float]:
    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    predicted = sum(pairs(len(c)) for c in clusters)
    actual = sum(pairs(n) for n in Counter(truth.values()).values())
    tp = sum(pairs(n) for c in clusters for n in Counter(truth[m] for m in c).values())
    p = tp / predicted if predicted else 1.0
    r = tp / actual if actual else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def proposal_quality(truth: dict[str, int], result: LinkResult) -> tuple[int, int, int]:
    """(proposals joining two entities of one person, people left split, people left split
    whom some proposal would join): what the questions are worth to an analyst."""
    cluster_of = {m: i for i, c in enumerate(result.clusters) for m in c}
    person = [Counter(truth[m] for m in c).most_common(1)[0][0] for c in result.clusters]
    right = [p for p in result.proposals if person[cluster_of[p.a]] == person[cluster_of[p.b]]]
    split = Counter(person)
    helped = {person[cluster_of[p.a]] for p in right}
    return len(right), sum(1 for n in split.values() if n > 1), len(helped)


def generate(args: argparse.Namespace) -> tuple[list[Person], list[Mention], dict[str, int]]:
    rng = random.Random(args.seed)
    people = make_people(args.people, rng)
    weights = [min(rng.paretovariate(1.2), 50.0) for _ in people]  # a few in many documents
    chosen = list(range(len(people))) + rng.choices(
        range(len(people)), weights, k=args.mentions - len(people)
    )
    mentions = [Mention(f"m{i}", mention(people[pid], rng)) for i, pid in enumerate(chosen)]
    truth = {m.id: pid for m, pid in zip(mentions, chosen, strict=True)}
    return people, mentions, truth


# The thresholds `--fit` tries (every combination); the defaults are among them.
GRID = {
    "auto": (0.8, 0.85, 0.9),
    "share": (0.7, 0.8, 0.9),
    "typo_fit": (0.8, 0.84, 0.88),
}


def fit(mentions: list[Mention], truth: dict[str, int], base: LinkConfig) -> None:
    """Every combination of `GRID`: the best F1 at precision >= 0.98, then fewest proposals."""
    rows = []
    for values in itertools.product(*GRID.values()):
        config = replace(base, **dict(zip(GRID, values, strict=True)))  # type: ignore[arg-type]
        result = link(mentions, config=config)
        p, r, f1 = pairwise(truth, result.clusters)
        rows.append((p >= 0.98, f1, -len(result.proposals), p, r, values))
        shown = " ".join(f"{k}={v}" for k, v in zip(GRID, values, strict=True))
        print(f"{shown:<40} P {p:.4f} R {r:.4f} F1 {f1:.4f} proposals {len(result.proposals):,}")
    ok, f1, proposals, p, r, values = max(rows)
    print("best:" if ok else "best (precision below 0.98 everywhere):")
    print("[link]")
    for k, v in zip(GRID, values, strict=True):
        print(f"{k} = {v}")


def _dask(args: argparse.Namespace) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SystemExit("error: --engine dask needs dask and distributed installed") from None
    from link_dask import DaskScorer

    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True)
        client = Client(cluster)
    return DaskScorer(client, chunks=args.workers * 4, parts=args.workers * 4), client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--config", type=Path, help="a casefile.toml whose [link] to use")
    parser.add_argument("--fit", action="store_true", help="search the thresholds (GRID)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes")
    parser.add_argument("--scheduler", help="a running Dask scheduler (tcp://HOST:PORT)")
    parser.add_argument(
        "--classic",
        action="store_true",
        help="the mentions of the benchmark before issue 13 (no Central Asian systems)",
    )
    args = parser.parse_args()
    global CENTRAL_ASIAN
    CENTRAL_ASIAN = not args.classic
    try:
        config = load_link_config(args.config)
    except LinkConfigError as err:
        raise SystemExit(f"error: {err}") from None
    people, mentions, truth = generate(args)
    if args.fit:
        fit(mentions, truth, config)
        return

    scorer, client = local_pairs, None
    if args.engine == "dask":
        scorer, client = _dask(args)
    start, cpu = time.perf_counter(), time.process_time()
    result = link(mentions, config=config, scorer=scorer)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if client is not None:
        client.close()
    p, r, f1 = pairwise(truth, result.clusters)
    right, split, helped = proposal_quality(truth, result)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    share = len(result.proposals) / len(mentions)
    print(f"people         {len(people):>10,}  ({args.people:,} generated + similar ones)")
    print(
        f"mentions       {len(mentions):>10,}  ({len(set(m.name for m in mentions)):,} spellings)"
    )
    print(f"entities       {len(result.clusters):>10,}")
    print(f"proposals      {len(result.proposals):>10,}  ({share:.2%} of mentions; target < 2%)")
    print(f"  right        {right:>10,}  (join two entities of one person)")
    print(f"  people split {split:>10,}  ({helped:,} of them joined by a proposal)")
    print(f"pairs scored   {len(result.scored):>10,}  (kept, with their features)")
    print(f"precision      {p:>10.4f}  (target >= 0.98)")
    print(f"recall         {r:>10.4f}  (target >= 0.95)")
    print(f"F1             {f1:>10.4f}")
    engine = f"{args.engine}, {args.workers} workers" if args.engine == "dask" else "local"
    print(f"time           {elapsed:>10.2f} s  (target < 60 s; client CPU {cpu:.2f} s; {engine})")
    print(f"mentions/s     {len(mentions) / elapsed:>10,.0f}")
    print(f"peak RSS       {rss:>10.0f} MiB")


if __name__ == "__main__":
    main()
