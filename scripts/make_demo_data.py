"""Write the embedded demonstration data of msoko-site: registry, assessments and monitoring packages.

The data describe a fictional «Демонстрационный муниципальный округ» over five school years (2020/21–2024/25).
Counts are derived from an imaginary cohort (individual ЕГЭ scores, mark distributions of ОГЭ and ВПР drawn by
systematic sampling), so every row is internally consistent. A few schools are designed to be flagged by the
analytic rules of the project (ШНОР, objectivity signals); the margins that make them stand out are fixed by the
design, and the script checks them before writing anything.

Run ``python scripts/make_demo_data.py [--out DIR]``; the output is byte-identical from run to run.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from statistics import NormalDist
from typing import TypeVar

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEED = 20250901
YEARS = tuple(range(2021, 2026))
PACKAGES = ("registry", "assessments", "monitoring")

OKTMO = "99501000"
MUNICIPALITY = "Демонстрационный муниципальный округ"
MUNICIPALITY_GENITIVE = "Демонстрационного муниципального округа"
REGION = "Демонстрационная область"
REGION_CODE = "99"
TOWN = "г. Демонстрационный"
TOWN_CENTRE = (57.9142, 56.0371)

# Designed schools (see the «Exact analytic rules» of the project): two secondary schools persistently low,
# one basic school low until 2024 and improving in 2025; one school inflating term marks, one inflating ВПР.
LOW_SECONDARY = ("sch-07", "sch-12")
LOW_BASIC = "sch-18"
TERM_MARK_INFLATION = "sch-05"
VPR_INFLATION = "sch-10"
SHFNSU = ("sch-12", "sch-16")

DESIGNED_SHNOR: dict[int, frozenset[str]] = {
    2022: frozenset({*LOW_SECONDARY, LOW_BASIC}),
    2023: frozenset({*LOW_SECONDARY, LOW_BASIC}),
    2024: frozenset({*LOW_SECONDARY, LOW_BASIC}),
    2025: frozenset(LOW_SECONDARY),
}
DESIGNED_RISK: dict[str, frozenset[str]] = {
    TERM_MARK_INFLATION: frozenset({"vpr_confirmation", "medalists"}),
    VPR_INFLATION: frozenset({"vpr_raised", "vpr_vs_gia"}),
}

# Defaults of generator/config.py the design is checked against.
MIN_GROUP = 5
BOTTOM_SHARE = 0.1
CONFIRMED_GAP_PP, RAISED_GAP_PP, VPR_ABOVE_PP, GIA_MARGIN_PP, MEDALIST_INDEX = 15.0, 10.0, 15.0, 5.0, 20.0
EXCLUDED_TYPES = ("gymnasium", "lyceum")

NORMAL = NormalDist()
T = TypeVar("T")


# ---------------------------------------------------------------------------------------------- randomness


class Rand:
    """Seeded draws for one section of the data.

    Only ``Generator.random`` is used (normals go through the inverse CDF), so the stream does not depend on
    numpy's distribution algorithms; each section has its own stream, so editing one section leaves the
    others unchanged.
    """

    def __init__(self, *names: str) -> None:
        self._rng = np.random.default_rng([SEED, *(zlib.crc32(name.encode()) for name in names)])

    def uniform(self, low: float = 0.0, high: float = 1.0) -> float:
        return low + (high - low) * float(self._rng.random())

    def normal(self, mu: float = 0.0, sd: float = 1.0) -> float:
        u = min(max(float(self._rng.random()), 1e-12), 1 - 1e-12)
        return mu + sd * NORMAL.inv_cdf(u)

    def integer(self, low: int, high: int) -> int:
        """An integer in [low, high], both ends included."""
        return low + min(int(self.uniform() * (high - low + 1)), high - low)

    def chance(self, p: float) -> bool:
        return self.uniform() < p

    def rounded(self, x: float) -> int:
        """Round ``x`` up with probability equal to its fractional part (unbiased, never off by more than 1)."""
        base = math.floor(x)
        return base + (1 if self.uniform() < x - base else 0)

    def sample(self, items: Sequence[T], k: int, weights: Sequence[float] | None = None) -> list[T]:
        """``k`` distinct items, weighted, in the order of ``items``."""
        pool = list(items)
        w = list(weights) if weights is not None else [1.0] * len(pool)
        chosen: list[T] = []
        for _ in range(min(k, len(pool))):
            target = self.uniform(0, sum(w))
            index = 0
            while index < len(pool) - 1 and target >= w[index]:
                target -= w[index]
                index += 1
            chosen.append(pool.pop(index))
            w.pop(index)
        return [item for item in items if item in chosen]


def systematic_counts(n: int, probs: Sequence[float], rand: Rand) -> list[int]:
    """Split ``n`` people between categories by systematic sampling: each count is within 1 of n·p.

    This bounds the sampling noise by construction (the designed margins cannot be lost by chance), while
    small groups still come out random.
    """
    total = sum(probs)
    offset = rand.uniform(1e-9, 1 - 1e-9)
    counts, below, cumulative = [], 0, 0.0
    for index, p in enumerate(probs):
        cumulative += n * p / total
        edge = n if index == len(probs) - 1 else min(n, max(0, math.ceil(cumulative - offset)))
        counts.append(edge - below)
        below = edge
    return counts


def probit_probs(mu: float, cuts: Sequence[float]) -> list[float]:
    """Probabilities of ordered categories for a latent N(mu, 1) cut at ``cuts``."""
    cdf = [NORMAL.cdf(c - mu) for c in cuts] + [1.0]
    return [cdf[0]] + [cdf[i] - cdf[i - 1] for i in range(1, len(cdf))]


def cuts_for(shares: Sequence[float]) -> list[float]:
    """Cut points that give ``shares`` (of marks 2, 3, 4, 5) at mu = 0."""
    cuts, cumulative = [], 0.0
    for share in shares[:-1]:
        cumulative += share
        cuts.append(NORMAL.inv_cdf(cumulative))
    return cuts


# ---------------------------------------------------------------------------------------------- numbers


def round1(numerator: int | float | Decimal, denominator: int | float | Decimal = 1, scale: int = 1) -> Decimal:
    """scale·numerator/denominator rounded half up to one decimal, exactly (no binary noise)."""
    value = Decimal(str(numerator)) * scale / Decimal(str(denominator))
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def inn_check_digit(first9: str) -> str:
    """Check digit of a legal entity's ИНН (10 digits)."""
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return str(sum(int(d) * w for d, w in zip(first9, weights, strict=True)) % 11 % 10)


def ogrn_check_digit(first12: str) -> str:
    """Check digit of an ОГРН (13 digits): the first 12 digits as a number, mod 11, mod 10."""
    return str(int(first12) % 11 % 10)


# ---------------------------------------------------------------------------------------------- registry


@dataclass
class Org:
    org_id: str
    short_name: str
    full_name: str
    kind: str
    type: str
    locality: str
    place: str
    street: str
    size: int  # pupils (schools), children (kindergartens), pupils of clubs (additional)
    quality: float = 0.0  # general level of results in standard units (schools only)
    grades: int = 11

    @property
    def secondary(self) -> bool:
        return self.kind == "school" and self.grades == 11


SCHOOL_FORMS = {
    "МАОУ": "Муниципальное автономное общеобразовательное учреждение",
    "МБОУ": "Муниципальное бюджетное общеобразовательное учреждение",
    "МКОУ": "Муниципальное казённое общеобразовательное учреждение",
    "МАДОУ": "Муниципальное автономное дошкольное образовательное учреждение",
    "МБДОУ": "Муниципальное бюджетное дошкольное образовательное учреждение",
    "МКДОУ": "Муниципальное казённое дошкольное образовательное учреждение",
    "МБУ ДО": "Муниципальное бюджетное учреждение дополнительного образования",
}

# org_id, form, short quoted name, full quoted name, type, locality, place, street, pupils, quality
SCHOOLS = (
    ("sch-01", "МАОУ", "Гимназия № 1", "Гимназия № 1", "gymnasium", "urban", TOWN, "ул. Советская, д. 12", 1120, 0.9),
    ("sch-02", "МАОУ", "Лицей № 2", "Лицей № 2", "lyceum", "urban", TOWN, "пр. Мира, д. 31", 960, 0.8),
    ("sch-03", "МБОУ", "СОШ № 3", "Средняя общеобразовательная школа № 3", "secondary", "urban", TOWN, "ул. Школьная, д. 3", 1280, 0.4),
    ("sch-04", "МБОУ", "СОШ № 4", "Средняя общеобразовательная школа № 4", "secondary", "urban", TOWN, "ул. Молодёжная, д. 8", 1030, 0.2),
    ("sch-05", "МБОУ", "СОШ № 5", "Средняя общеобразовательная школа № 5", "secondary", "urban", TOWN, "ул. Строителей, д. 17", 910, 0.1),
    ("sch-06", "МБОУ", "СОШ № 6", "Средняя общеобразовательная школа № 6", "secondary", "urban", TOWN, "ул. Садовая, д. 44", 760, 0.0),
    ("sch-07", "МБОУ", "СОШ № 7", "Средняя общеобразовательная школа № 7", "secondary", "urban", TOWN, "ул. Заводская, д. 2", 540, -1.2),
    ("sch-08", "МАОУ", "СОШ № 8", "Средняя общеобразовательная школа № 8", "secondary", "urban", TOWN, "ул. Парковая, д. 5", 820, -0.1),
    ("sch-09", "МБОУ", "СОШ № 9", "Средняя общеобразовательная школа № 9", "secondary", "urban", TOWN, "ул. Комсомольская, д. 21", 690, 0.1),
    ("sch-10", "МБОУ", "Никольская СОШ", "Никольская средняя общеобразовательная школа", "secondary", "rural", "с. Никольское", "ул. Центральная, д. 14", 340, -0.2),
    ("sch-11", "МБОУ", "Покровская СОШ", "Покровская средняя общеобразовательная школа", "secondary", "rural", "с. Покровское", "ул. Школьная, д. 1", 290, -0.15),
    ("sch-12", "МКОУ", "Заречная СОШ", "Заречная средняя общеобразовательная школа", "secondary", "rural", "с. Заречное", "ул. Речная, д. 9", 170, -1.2),
    ("sch-13", "МБОУ", "Сосновская СОШ", "Сосновская средняя общеобразовательная школа", "secondary", "rural", "с. Сосновка", "ул. Лесная, д. 3", 240, -0.1),
    ("sch-14", "МКОУ", "Луговская СОШ", "Луговская средняя общеобразовательная школа", "secondary", "rural", "с. Луговое", "ул. Мира, д. 6", 150, -0.25),
    ("sch-15", "МБОУ", "Берёзовская СОШ", "Берёзовская средняя общеобразовательная школа", "secondary", "rural", "с. Берёзовка", "ул. Советская, д. 20", 310, 0.0),
    ("sch-16", "МБОУ", "Лесновская школа-интернат", "Лесновская средняя общеобразовательная школа-интернат", "boarding", "rural", "п. Лесной", "ул. Набережная, д. 1", 210, -0.35),
    ("sch-17", "МКОУ", "Ивановская ООШ", "Ивановская основная общеобразовательная школа", "basic", "rural", "с. Ивановское", "ул. Центральная, д. 2", 75, -0.2),
    ("sch-18", "МКОУ", "Ключевская ООШ", "Ключевская основная общеобразовательная школа", "basic", "rural", "с. Ключи", "ул. Школьная, д. 7", 88, -1.1),
    ("sch-19", "МКОУ", "Малиновская ООШ", "Малиновская основная общеобразовательная школа", "basic", "rural", "д. Малиновка", "ул. Полевая, д. 4", 44, -0.3),
    ("sch-20", "МКОУ", "Озёрная ООШ", "Озёрная основная общеобразовательная школа", "basic", "rural", "п. Озёрный", "ул. Озёрная, д. 11", 62, -0.25),
    ("sch-21", "МБОУ", "ООШ № 11", "Основная общеобразовательная школа № 11", "basic", "urban", TOWN, "ул. Вокзальная, д. 15", 320, -0.05),
    ("sch-22", "МКОУ", "Полевская ООШ", "Полевская основная общеобразовательная школа", "basic", "rural", "с. Полевое", "ул. Новая, д. 10", 52, -0.3),
)

# org_id, form, quoted name, full quoted name, type, locality, place, street, children
KINDERGARTENS = (
    ("dou-01", "МБДОУ", "Детский сад № 1 „Солнышко“", "Детский сад № 1 „Солнышко“", "kindergarten", "urban", TOWN, "ул. Советская, д. 30", 210),
    ("dou-02", "МБДОУ", "Детский сад № 2 „Теремок“", "Детский сад № 2 „Теремок“", "kindergarten", "urban", TOWN, "ул. Школьная, д. 15", 180),
    ("dou-03", "МАДОУ", "Детский сад № 3 „Берёзка“", "Детский сад № 3 „Берёзка“", "kindergarten", "urban", TOWN, "пр. Мира, д. 12", 260),
    ("dou-04", "МБДОУ", "Детский сад № 4 „Ласточка“", "Детский сад № 4 „Ласточка“", "kindergarten", "urban", TOWN, "ул. Молодёжная, д. 22", 150),
    ("dou-05", "МБДОУ", "Детский сад № 5 „Колокольчик“", "Детский сад № 5 „Колокольчик“", "kindergarten", "urban", TOWN, "ул. Строителей, д. 4", 195),
    ("dou-06", "МАДОУ", "Детский сад № 6 „Звёздочка“", "Детский сад № 6 „Звёздочка“", "kindergarten", "urban", TOWN, "ул. Садовая, д. 9", 240),
    ("dou-07", "МБДОУ", "Детский сад № 7 „Ромашка“", "Детский сад № 7 „Ромашка“", "kindergarten", "urban", TOWN, "ул. Заводская, д. 14", 130),
    ("dou-08", "МАДОУ", "ЦРР — детский сад № 8 „Радуга“", "Центр развития ребёнка — детский сад № 8 „Радуга“", "development_centre", "urban", TOWN, "ул. Парковая, д. 18", 310),
    ("dou-09", "МКДОУ", "Никольский детский сад", "Никольский детский сад", "kindergarten", "rural", "с. Никольское", "ул. Центральная, д. 20", 70),
    ("dou-10", "МКДОУ", "Покровский детский сад „Алёнушка“", "Покровский детский сад „Алёнушка“", "kindergarten", "rural", "с. Покровское", "ул. Садовая, д. 3", 55),
    ("dou-11", "МКДОУ", "Берёзовский детский сад", "Берёзовский детский сад", "kindergarten", "rural", "с. Берёзовка", "ул. Советская, д. 7", 48),
    ("dou-12", "МКДОУ", "Сосновский детский сад „Ёлочка“", "Сосновский детский сад „Ёлочка“", "kindergarten", "rural", "с. Сосновка", "ул. Лесная, д. 12", 40),
)

ADDITIONAL = (
    ("udo-01", "МБУ ДО", "ЦДТ", "Центр детского творчества", "additional", "urban", TOWN, "ул. Советская, д. 25", 1350),
    ("udo-02", "МБУ ДО", "ДЮСШ", "Детско-юношеская спортивная школа", "additional", "urban", TOWN, "ул. Спортивная, д. 1", 620),
)

# postal code and approximate position (offset from the town centre, degrees) of each locality
PLACES = {
    TOWN: ("000001", (0.0, 0.0)),
    "с. Никольское": ("000011", (0.21, -0.18)),
    "с. Покровское": ("000012", (-0.16, 0.27)),
    "с. Заречное": ("000013", (0.33, 0.12)),
    "с. Сосновка": ("000014", (-0.27, -0.22)),
    "с. Луговое": ("000015", (0.12, 0.38)),
    "с. Берёзовка": ("000016", (-0.08, -0.35)),
    "п. Лесной": ("000017", (0.29, -0.31)),
    "с. Ивановское": ("000018", (-0.34, 0.09)),
    "с. Ключи": ("000019", (0.38, 0.29)),
    "д. Малиновка": ("000020", (-0.22, 0.41)),
    "п. Озёрный": ("000021", (0.06, -0.44)),
    "с. Полевое": ("000022", (-0.41, -0.07)),
}


# the okrug's two territorial divisions for its villages (the town's organisations belong to the okrug directly)
TERRITORIES = (
    ("nikolskoe", "Никольский территориальный отдел",
     ("sch-10", "sch-13", "sch-15", "sch-16", "sch-17", "sch-19", "dou-09", "dou-11", "dou-12")),
    ("pokrovskoe", "Покровский территориальный отдел",
     ("sch-11", "sch-12", "sch-14", "sch-18", "sch-20", "sch-22", "dou-10")),
)


def build_orgs() -> list[Org]:
    orgs = []
    for org_id, form, short, full, kind_type, locality, place, street, size, quality in SCHOOLS:
        grades = 9 if kind_type == "basic" else 11
        orgs.append(Org(org_id, f"{form} «{short}»", f"{SCHOOL_FORMS[form]} «{full}» {MUNICIPALITY_GENITIVE}",
                        "school", kind_type, locality, place, street, size, quality, grades))
    for rows, kind in ((KINDERGARTENS, "kindergarten"), (ADDITIONAL, "additional")):
        for org_id, form, short, full, kind_type, locality, place, street, size in rows:
            orgs.append(Org(org_id, f"{form} «{short}»", f"{SCHOOL_FORMS[form]} «{full}» {MUNICIPALITY_GENITIVE}",
                            kind, kind_type, locality, place, street, size, grades=0))
    return orgs


def registry_tables(orgs: list[Org]) -> dict[str, list[dict]]:
    rand = Rand("registry")
    municipalities = [{"oktmo": OKTMO, "name": f"{MUNICIPALITY} (демонстрационные данные)",
                       "kind": "municipal_okrug", "region": REGION, "region_code": REGION_CODE}]
    organisations = []
    phone_block = {"school": 0, "kindergarten": 30, "additional": 50}
    for number, org in enumerate(orgs, start=1):
        inn9 = f"{REGION_CODE}01{rand.integer(10000, 99999):05d}"
        ogrn12 = f"1{rand.integer(2, 12):02d}{REGION_CODE}{rand.integer(1000000, 9999999):07d}"
        postcode, (dlat, dlon) = PLACES[org.place]
        spread = 0.018 if org.place == TOWN else 0.004
        serial = int(org.org_id.split("-")[1])
        organisations.append({
            "org_id": org.org_id,
            "inn": inn9 + inn_check_digit(inn9),
            "ogrn": ogrn12 + ogrn_check_digit(ogrn12),
            "kpp": f"{REGION_CODE}0101001",
            "full_name": org.full_name,
            "short_name": org.short_name,
            "kind": org.kind,
            "type": org.type,
            "oktmo": OKTMO,
            "parent_org_id": "",
            "address": f"{postcode}, {REGION}, {MUNICIPALITY}, {org.place}, {org.street}",
            "locality": org.locality,
            "website": f"https://{org.org_id}.example.org/",
            "email": f"{org.org_id}@example.org",
            "phone": f"+7 900 000-{phone_block[org.kind] + serial:02d}-{number:02d}",
            "latitude": Decimal(f"{TOWN_CENTRE[0] + dlat + rand.uniform(-spread, spread):.5f}"),
            "longitude": Decimal(f"{TOWN_CENTRE[1] + dlon + rand.uniform(-spread, spread):.5f}"),
        })
    statuses = []
    for year, schools in DESIGNED_SHNOR.items():
        for org_id in sorted(schools):
            statuses.append({"org_id": org_id, "year": year, "status": "shnor",
                             "basis": f"Приказ управления образования от 29.08.{year} № {100 + year % 100 * 3}"})
    for year in range(2022, 2026):
        for org_id in SHFNSU:
            statuses.append({"org_id": org_id, "year": year, "status": "shfnsu",
                             "basis": f"Приказ управления образования от 15.01.{year} № {12 + (year - 2022) * 2}"})
    # two schools renamed when they became a gymnasium and a lyceum: exports of those years use the old names
    former_names = [
        {"org_id": "sch-01", "name": "МБОУ «Средняя общеобразовательная школа № 1»", "until": 2019},
        {"org_id": "sch-02", "name": "МБОУ «СОШ № 2 с углублённым изучением отдельных предметов»", "until": 2021},
    ]
    territories = [{"territory_id": territory_id, "name": name, "kind": "territorial_division", "oktmo": OKTMO,
                    "parent_id": "", "territory_oktmo": ""} for territory_id, name, _members in TERRITORIES]
    links = [{"org_id": org_id, "territory_id": territory_id}
             for territory_id, _name, members in TERRITORIES for org_id in sorted(members)]
    return {"municipalities": municipalities, "organisations": organisations, "former_names": former_names,
            "territories": territories, "organisation_territories": sorted(links, key=lambda row: row["org_id"]),
            "statuses": statuses}


# ---------------------------------------------------------------------------------------------- cohorts


@dataclass
class Cohorts:
    """Pupils of each grade at the start of each school year, following classes from year to year."""

    sizes: dict[int, dict[int, int]] = field(default_factory=dict)  # year -> grade -> pupils

    def total(self, year: int, grades: Iterable[int] | None = None) -> int:
        by_grade = self.sizes[year]
        return sum(by_grade.get(g, 0) for g in (grades if grades is not None else by_grade))


def simulate_cohorts(org: Org) -> Cohorts:
    rand = Rand("cohorts", org.org_id)
    senior = {"gymnasium": 0.75, "lyceum": 0.75, "boarding": 0.5}.get(org.type, 0.55 if org.locality == "urban" else 0.45)
    per_grade = org.size / (9 + (2 * senior if org.grades == 11 else 0))
    min_senior = 6 if org.grades == 11 else 0
    cohorts = Cohorts()
    first = {g: max(3, round(per_grade * rand.uniform(0.9, 1.1))) for g in range(1, 10)}
    first[9] = max(5, first[9])
    if org.grades == 11:
        first[10] = max(min_senior, round(per_grade * senior * rand.uniform(0.9, 1.1)))
        first[11] = max(min_senior, round(per_grade * senior * rand.uniform(0.9, 1.1)))
    cohorts.sizes[YEARS[0]] = first
    for year in YEARS[1:]:
        before = cohorts.sizes[year - 1]
        now = {1: max(3, round(per_grade * rand.uniform(0.88, 1.12)))}
        for g in range(2, 10):
            now[g] = max(3, before[g - 1] + rand.integer(-1, 1) * (1 if per_grade < 40 else 2))
        now[9] = max(5, now[9])
        if org.grades == 11:
            now[10] = max(min_senior, round(before[9] * senior * rand.uniform(0.92, 1.08)))
            now[11] = max(min_senior, before[10] - rand.integer(0, 1))
        cohorts.sizes[year] = now
    return cohorts


# ---------------------------------------------------------------------------------------------- design


YEAR_EFFECT_RUS = {2021: 0.0, 2022: 0.6, 2023: 0.2, 2024: 1.0, 2025: 0.5}
YEAR_EFFECT_MATH = {2021: 0.0, 2022: -1.5, 2023: 1.0, 2024: 0.5, 2025: 1.8}


def is_low(org_id: str, year: int) -> bool:
    """Whether the design puts a school among the low ones in ОГЭ and ВПР (and ЕГЭ, if it has grade 11)."""
    return org_id in LOW_SECONDARY or (org_id == LOW_BASIC and year <= 2024)


@dataclass
class Design:
    """School-year levels of each procedure, drawn once and bounded, from which all counts follow."""

    rus: float  # target mean ЕГЭ Russian score
    math: float  # target mean ЕГЭ profile mathematics score
    oge: float  # latent level of ОГЭ marks
    vpr: float  # latent level of ВПР marks
    confirmed: float  # share of ВПР participants confirming the term mark
    raised: float  # share of ВПР participants above the term mark


def design(org: Org, year: int, rand: Rand) -> Design:
    q = org.quality
    if is_low(org.org_id, year):
        rus = 53.0 + YEAR_EFFECT_RUS[year] / 2 + rand.uniform(-1.5, 1.5)
        math_ = 42.0 + rand.uniform(-2.0, 2.0)
        oge = -1.2 + rand.uniform(-0.05, 0.05)
        vpr = -0.75 + rand.uniform(-0.05, 0.05)
    else:
        if org.org_id == LOW_BASIC:  # the improving basic school, 2025
            q = 0.05
        rus = 65.0 + 7.0 * q + YEAR_EFFECT_RUS[year] + rand.uniform(-1.2, 1.2)
        math_ = 56.0 + 8.0 * q + YEAR_EFFECT_MATH[year] + rand.uniform(-2.0, 2.0)
        oge = 0.55 * q + rand.uniform(-0.06, 0.06)
        vpr = 0.5 * q + rand.uniform(-0.06, 0.06)
    confirmed = rand.uniform(66.0, 78.0)
    raised = rand.uniform(2.0, 8.0)
    if org.org_id == TERM_MARK_INFLATION:
        confirmed, raised = rand.uniform(44.0, 48.0), rand.uniform(1.0, 2.5)
    if org.org_id == VPR_INFLATION:
        vpr = 1.0 + rand.uniform(-0.05, 0.05)
        confirmed, raised = rand.uniform(64.0, 67.0), rand.uniform(26.0, 29.0)
    return Design(rus, math_, oge, vpr, confirmed / 100, raised / 100)


# ---------------------------------------------------------------------------------------------- subjects

# code, name, ЕГЭ minimum score (None: no ЕГЭ)
SUBJECTS = (
    ("bio", "Биология", 36),
    ("chem", "Химия", 36),
    ("ecol", "Экология", None),
    ("econ", "Экономика", None),
    ("eng", "Английский язык", 22),
    ("geo", "География", 37),
    ("hist", "История", 32),
    ("inf", "Информатика", 40),
    ("law", "Право", None),
    ("lit", "Литература", 32),
    ("math", "Математика", 27),  # ЕГЭ: profile level (the basic level has no 100-point score)
    ("obzh", "Основы безопасности и защиты Родины", None),
    ("okr", "Окружающий мир", None),
    ("pe", "Физическая культура", None),
    ("phys", "Физика", 36),
    ("rus", "Русский язык", 24),
    ("soc", "Обществознание", 42),
    ("tech", "Труд (технология)", None),
)
EGE_MIN = {code: minimum for code, _, minimum in SUBJECTS if minimum is not None}

# ЕГЭ electives: share of graduates choosing it, mean at quality 0, sd, slope on quality, link to ability
EGE_ELECTIVES = {
    "soc": (0.45, 60.0, 13.0, 8.0, -0.2),
    "bio": (0.18, 56.0, 15.0, 8.0, 0.2),
    "chem": (0.12, 59.0, 17.0, 10.0, 0.6),
    "phys": (0.17, 57.0, 13.0, 8.0, 0.6),
    "hist": (0.14, 60.0, 15.0, 8.0, 0.0),
    "inf": (0.20, 63.0, 15.0, 9.0, 0.6),
    "eng": (0.12, 71.0, 13.0, 8.0, 0.6),
    "lit": (0.06, 65.0, 12.0, 7.0, 0.2),
    "geo": (0.04, 62.0, 11.0, 7.0, -0.2),
}

# ОГЭ: share of pupils taking the elective (two per pupil), marks 2-5 of an average school
OGE_SHARES = {
    "rus": (1.0, (0.02, 0.33, 0.42, 0.23)),
    "math": (1.0, (0.04, 0.50, 0.36, 0.10)),
    "soc": (0.55, (0.03, 0.52, 0.37, 0.08)),
    "geo": (0.40, (0.03, 0.45, 0.38, 0.14)),
    "inf": (0.35, (0.04, 0.40, 0.38, 0.18)),
    "bio": (0.28, (0.03, 0.60, 0.32, 0.05)),
    "chem": (0.10, (0.01, 0.25, 0.40, 0.34)),
    "phys": (0.10, (0.02, 0.50, 0.38, 0.10)),
    "eng": (0.08, (0.01, 0.22, 0.42, 0.35)),
    "hist": (0.05, (0.03, 0.45, 0.37, 0.15)),
    "lit": (0.04, (0.01, 0.25, 0.40, 0.34)),
}

VPR_DEFAULT = (0.12, 0.43, 0.34, 0.11)
VPR_SHARES = {
    (4, "rus"): (0.06, 0.34, 0.42, 0.18),
    (4, "math"): (0.04, 0.28, 0.42, 0.26),
    (4, "okr"): (0.02, 0.30, 0.52, 0.16),
    (5, "hist"): (0.07, 0.40, 0.39, 0.14),
    (5, "bio"): (0.06, 0.44, 0.40, 0.10),
    (7, "eng"): (0.14, 0.40, 0.32, 0.14),
    (8, "chem"): (0.07, 0.36, 0.40, 0.17),
}


def vpr_plan(org: Org, year: int, rand: Rand) -> dict[int, list[str]]:
    """Grades and subjects of ВПР in a school and year (random subjects are assigned per school)."""
    plan = {4: ["rus", "math", "okr"], 5: ["rus", "math", "hist", "bio"]}
    plan[6] = ["rus", "math", *rand.sample(["hist", "bio", "geo", "soc"], 2)]
    plan[7] = ["rus", "math", *(["eng"] if year <= 2023 else []), *rand.sample(["hist", "bio", "geo", "soc", "phys"], 2)]
    plan[8] = ["rus", "math", *rand.sample(["hist", "bio", "geo", "soc", "phys", "chem"], 2)]
    if org.grades == 11:
        if year == 2025:
            plan[10] = ["rus", "math", *rand.sample(["hist", "soc", "geo"], 1)]
        if year != 2022:
            plan[11] = rand.sample(["hist", "bio", "phys", "chem", "geo"], 2)
    return plan


# ---------------------------------------------------------------------------------------------- assessments


def ege_score(x: float) -> int:
    """A test score from a latent value: the top is compressed (100 points stay rare), bounds 0–100."""
    if x > 90:
        x = 90 + (x - 90) * 0.6
    return int(min(100, max(0, math.floor(x + 0.5))))


def recentred(raw: list[float], target: float) -> list[int]:
    """Scores whose mean is the target (to within rounding), keeping the spread of the raw values."""
    scores = [ege_score(x) for x in raw]
    for _ in range(3):
        shift = target - sum(scores) / len(scores)
        raw = [x + shift for x in raw]
        scores = [ege_score(x) for x in raw]
    return scores


@dataclass
class Gia11:
    graduates: int
    admitted: int
    certified: int
    with_honours: int
    medalists: int
    rows: list[dict]


def simulate_ege(org: Org, year: int, graduates: int, plan: Design, rand: Rand) -> Gia11:
    """Individual scores of one graduating class; only the aggregates leave this function."""
    admitted = graduates - (1 if graduates > 8 and rand.chance(0.2) else 0)
    gve = 1 if org.type == "boarding" and rand.chance(0.6) else 0
    n = admitted - gve
    ability = sorted((rand.normal() for _ in range(n)), reverse=True)
    rate = {"gymnasium": 0.12, "lyceum": 0.10}.get(org.type, 0.05 if org.locality == "urban" else 0.04)
    if is_low(org.org_id, year):
        rate = 0.015
    if org.org_id == TERM_MARK_INFLATION:
        rate = 0.11
    n_medal = min(n, rand.rounded(n * rate))
    if org.org_id == TERM_MARK_INFLATION:
        n_medal = max(3, n_medal)
        medalists = set(rand.sample(range(int(n * 0.6)), n_medal))  # not only the strongest pupils
    else:
        medalists = set(range(n_medal))  # the strongest pupils

    taken: dict[str, list[int]] = {"rus": list(range(n)), "math": []}
    for i, a in enumerate(ability):
        p_math = min(0.92, max(0.15, 0.5 + 0.15 * a + (0.15 if org.type in EXCLUDED_TYPES else 0.0)))
        if i in medalists or rand.chance(p_math):
            taken["math"].append(i)
        chosen = [s for s, (share, *_, link) in EGE_ELECTIVES.items() if rand.chance(share * (1 + link * a * 0.5))]
        if not chosen:
            chosen = rand.sample(list(EGE_ELECTIVES), 1, [v[0] for v in EGE_ELECTIVES.values()])
        for subject in chosen:
            taken.setdefault(subject, []).append(i)

    scores: dict[str, dict[int, int]] = {}
    low_quality = -1.2 if is_low(org.org_id, year) else org.quality
    for subject, pupils in taken.items():
        if not pupils:
            continue
        if subject == "rus":
            # a few pupils fail the Russian exam outright (more in a weak school): a heavier lower tail
            weak = 0.05 if is_low(org.org_id, year) else 0.012
            raw = [plan.rus + 13.0 * (0.8 * ability[i] + 0.6 * rand.normal()) - (30.0 if rand.chance(weak) else 0.0)
                   for i in pupils]
            values = recentred(raw, plan.rus)
        elif subject == "math":
            raw = [plan.math + 16.0 * (0.8 * ability[i] + 0.6 * rand.normal()) for i in pupils]
            values = recentred(raw, plan.math)
        else:
            _, mean, sd, slope, _ = EGE_ELECTIVES[subject]
            values = [ege_score(mean + slope * low_quality + sd * (0.7 * ability[i] + 0.7 * rand.normal())) for i in pupils]
        scores[subject] = dict(zip(pupils, values, strict=True))

    # Medalists' results: rarely below 70 in a normal school; often below 70 where term marks are inflated.
    medal_results = [(s, i) for s, by_pupil in scores.items() for i in by_pupil if i in medalists]
    if org.org_id == TERM_MARK_INFLATION:
        need = math.ceil(0.3 * len(medal_results))
        below = [r for r in medal_results if scores[r[0]][r[1]] < 70]
        for subject, i in [r for r in medal_results if r not in below][: max(0, need - len(below))]:
            scores[subject][i] = rand.integer(52, 69)
    else:
        allowed = (len(medal_results) - 1) // 10
        below = [r for r in medal_results if scores[r[0]][r[1]] < 70]
        for subject, i in below[allowed:]:
            scores[subject][i] = rand.integer(70, 82)

    rows = []
    for subject, by_pupil in scores.items():
        values = list(by_pupil.values())
        medal_values = [v for i, v in by_pupil.items() if i in medalists]
        rows.append({
            "org_id": org.org_id, "year": year, "subject": subject, "participants": len(values),
            "mean_score": round1(sum(values), len(values)),
            "below_min": sum(v < EGE_MIN[subject] for v in values),
            "ge70": sum(v >= 70 for v in values), "ge80": sum(v >= 80 for v in values),
            "ge90": sum(v >= 90 for v in values), "score100": sum(v == 100 for v in values),
            "medalists": len(medal_values), "medalists_not_confirmed": sum(v < 70 for v in medal_values),
        })
    rus_fail = sum(v < EGE_MIN["rus"] for v in scores["rus"].values())
    certified = admitted - sum(rand.chance(0.5) for _ in range(rus_fail))
    second_degree = rand.rounded(n_medal * 0.3) if year >= 2024 else 0
    return Gia11(graduates, admitted, certified, n_medal - second_degree, n_medal, rows)


def simulate_oge(org: Org, year: int, graduates: int, plan: Design, rand: Rand) -> tuple[dict, list[dict]]:
    admitted = graduates - (1 if graduates > 8 and rand.chance(0.25) else 0)
    gve = rand.integer(1, 2) if org.type == "boarding" else 0
    n = admitted - gve
    electives = [s for s in OGE_SHARES if s not in ("rus", "math")]
    weights = [OGE_SHARES[s][0] for s in electives]
    participants = {"rus": n, "math": n}
    for _ in range(n):
        for subject in rand.sample(electives, 2, weights):
            participants[subject] = participants.get(subject, 0) + 1
    rows = []
    for subject, count in participants.items():
        mu = plan.oge + rand.uniform(-0.1, 0.1)
        marks = systematic_counts(count, probit_probs(mu, cuts_for(OGE_SHARES[subject][1])), rand)
        rows.append({"org_id": org.org_id, "year": year, "subject": subject, "participants": count,
                     "mark2": marks[0], "mark3": marks[1], "mark4": marks[2], "mark5": marks[3]})
    twos = sum(r["mark2"] for r in rows if r["subject"] in ("rus", "math"))
    certified = admitted - min(admitted, sum(rand.chance(0.15) for _ in range(twos)))  # most pass on retake
    honours_rate = 0.01 if is_low(org.org_id, year) else 0.14 if org.org_id == TERM_MARK_INFLATION else 0.06 + 0.05 * org.quality
    graduation = {"org_id": org.org_id, "year": year, "grade": 9, "graduates": graduates, "admitted": admitted,
                  "certified": certified, "with_honours": min(certified, rand.rounded(certified * honours_rate)),
                  "medalists": 0}
    return graduation, rows


def simulate_vpr(org: Org, year: int, cohorts: Cohorts, plan: Design, rand: Rand) -> list[dict]:
    rows = []
    for grade, subjects in vpr_plan(org, year, rand).items():
        for subject in subjects:
            share = rand.uniform(0.45, 0.7) if grade == 11 else rand.uniform(0.86, 0.97)
            n = max(1, round(cohorts.sizes[year][grade] * share))
            mu = plan.vpr + rand.uniform(-0.12, 0.12)
            marks = systematic_counts(n, probit_probs(mu, cuts_for(VPR_SHARES.get((grade, subject), VPR_DEFAULT))), rand)
            confirmed = min(1.0, max(0.0, plan.confirmed + rand.uniform(-0.03, 0.03)))
            raised = plan.raised * rand.uniform(0.8, 1.2)
            lowered_n, confirmed_n, raised_n = systematic_counts(n, (max(0.0, 1 - confirmed - raised), confirmed, raised), rand)
            # a result above the term mark needs a mark of at least 3, one below it at most 4
            raised_n, over = min(raised_n, n - marks[0]), max(0, raised_n - (n - marks[0]))
            lowered_n, over2 = min(lowered_n, n - marks[3]), max(0, lowered_n - (n - marks[3]))
            confirmed_n += over + over2
            rows.append({"org_id": org.org_id, "year": year, "grade": grade, "subject": subject, "participants": n,
                         "mark2": marks[0], "mark3": marks[1], "mark4": marks[2], "mark5": marks[3],
                         "lowered": lowered_n, "confirmed": confirmed_n, "raised": raised_n})
    return rows


OLYMPIAD_SUBJECTS = {  # share of pupils of grades 5–11 taking part in the school stage
    "rus": 0.07, "math": 0.08, "eng": 0.05, "bio": 0.05, "hist": 0.04, "soc": 0.05, "geo": 0.04, "lit": 0.03,
    "phys": 0.03, "chem": 0.025, "inf": 0.03, "ecol": 0.025, "pe": 0.05, "tech": 0.03, "obzh": 0.03,
    "law": 0.015, "econ": 0.01,
}


def simulate_olympiad(org: Org, year: int, cohorts: Cohorts, rand: Rand) -> list[dict]:
    rows = []
    pupils = cohorts.total(year, range(5, 12))
    seniors = cohorts.total(year, range(7, 12))
    boost = 1.6 if org.type in EXCLUDED_TYPES else 1.0 if org.quality > -0.5 else 0.6
    for subject, share in OLYMPIAD_SUBJECTS.items():
        school_n = rand.rounded(pupils * share * boost * rand.uniform(0.7, 1.3))
        if school_n == 0:
            continue
        good = systematic_counts(school_n, (0.06, 0.16, 0.78), rand)
        rows.append({"org_id": org.org_id, "year": year, "stage": "school", "subject": subject,
                     "participants": school_n, "winners": good[0], "prize_winners": good[1]})
        municipal_n = min(school_n, rand.rounded(seniors * share * boost * 0.18 * rand.uniform(0.5, 1.5)))
        if municipal_n == 0:
            continue
        strength = 0.25 if org.type in EXCLUDED_TYPES else max(0.03, 0.15 + 0.1 * org.quality)
        good = systematic_counts(municipal_n, (0.25 * strength, 0.75 * strength, 1 - strength), rand)
        rows.append({"org_id": org.org_id, "year": year, "stage": "municipal", "subject": subject,
                     "participants": municipal_n, "winners": good[0], "prize_winners": good[1]})
        if org.quality < 0 and not rand.chance(0.1):
            continue
        regional_n = min(municipal_n, rand.rounded(municipal_n * (0.2 if org.type in EXCLUDED_TYPES else 0.06)))
        if regional_n == 0:
            continue
        good = systematic_counts(regional_n, (0.02, 0.13, 0.85), rand)
        rows.append({"org_id": org.org_id, "year": year, "stage": "regional", "subject": subject,
                     "participants": regional_n, "winners": good[0], "prize_winners": good[1]})
    if org.org_id == "sch-01" and year in (2023, 2025):
        rows.append({"org_id": org.org_id, "year": year, "stage": "final", "subject": "hist" if year == 2023 else "math",
                     "participants": 1, "winners": 0, "prize_winners": 1 if year == 2025 else 0})
    if org.org_id == "sch-02" and year == 2024:
        rows.append({"org_id": org.org_id, "year": year, "stage": "final", "subject": "phys",
                     "participants": 1, "winners": 0, "prize_winners": 0})
    return rows


@dataclass
class SchoolYear:
    """Everything the monitoring section needs to know about one school in one year."""

    cohorts: Cohorts
    graduates9: int
    graduates11: int
    certified11: int


def assessment_tables(orgs: list[Org]) -> tuple[dict[str, list[dict]], dict[tuple[str, int], SchoolYear]]:
    tables: dict[str, list[dict]] = {name: [] for name in ("ege", "oge", "vpr", "olympiad", "graduation")}
    context: dict[tuple[str, int], SchoolYear] = {}
    for org in orgs:
        if org.kind != "school":
            continue
        cohorts = simulate_cohorts(org)
        for year in YEARS:
            rand = Rand("assessments", org.org_id, str(year))
            plan = design(org, year, rand)
            graduates9 = cohorts.sizes[year][9]
            graduation9, oge_rows = simulate_oge(org, year, graduates9, plan, rand)
            tables["graduation"].append(graduation9)
            tables["oge"].extend(oge_rows)
            graduates11 = certified11 = 0
            if org.secondary:
                graduates11 = cohorts.sizes[year][11]
                gia = simulate_ege(org, year, graduates11, plan, rand)
                certified11 = gia.certified
                tables["ege"].extend(gia.rows)
                tables["graduation"].append({
                    "org_id": org.org_id, "year": year, "grade": 11, "graduates": gia.graduates,
                    "admitted": gia.admitted, "certified": gia.certified, "with_honours": gia.with_honours,
                    "medalists": gia.medalists})
            tables["vpr"].extend(simulate_vpr(org, year, cohorts, plan, rand))
            tables["olympiad"].extend(simulate_olympiad(org, year, cohorts, Rand("olympiad", org.org_id, str(year))))
            context[(org.org_id, year)] = SchoolYear(cohorts, graduates9, graduates11, certified11)
    tables["subjects"] = [{"code": code, "name": name, "ege_min_score": "" if minimum is None else minimum}
                          for code, name, minimum in SUBJECTS]
    return tables, context


# ---------------------------------------------------------------------------------------------- monitoring


def read_catalogue(root: Path) -> list[dict]:
    with (root / "indicators" / "indicators.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def value_row(indicator: dict, numerator: int, denominator: int | None) -> dict:
    """numerator, denominator and value of one indicator as the catalogue's aggregation defines them."""
    aggregation = indicator["aggregation"]
    if aggregation == "sum":
        return {"numerator": numerator, "denominator": "", "value": numerator}
    assert denominator, indicator["code"]
    value = round1(numerator, denominator, 100 if aggregation == "share" else 1)
    return {"numerator": numerator, "denominator": denominator, "value": value}


class Staff:
    """Staff of a school in a year: pedagogues, teachers, administrators, teachers in their first three years."""

    def __init__(self, org: Org, pupils: int, rand: Rand) -> None:
        ratio = 13.5 if org.locality == "urban" else 9.0 if pupils > 120 else 6.0
        self.pedagogues = max(8, round(pupils / ratio * rand.uniform(0.93, 1.07)))
        self.teachers = round(self.pedagogues * rand.uniform(0.82, 0.88))
        self.admins = 1 if pupils < 100 else 2 + (pupils > 500) + (pupils > 900)
        self.beginners = rand.rounded(self.pedagogues * rand.uniform(0.0, 0.12))


def share_count(rand: Rand, denominator: int, level: float, spread: float = 0.04) -> int:
    """A count of ``denominator`` people near the share ``level``, bounded to [0, denominator]."""
    return min(denominator, max(0, rand.rounded(denominator * min(1.0, max(0.0, level + rand.uniform(-spread, spread))))))


def org_offset(org_id: str, code: str, spread: float) -> float:
    """A lasting difference of one organisation from the typical level of an indicator (same every year)."""
    return Rand("level", org_id, code).uniform(-spread, spread)


def school_values(org: Org, year: int, sy: SchoolYear, rand: Rand) -> dict[str, tuple[int, int | None, str]]:
    """Reported indicators of one school in one year: code -> (numerator, denominator, comment)."""
    c, q, t = sy.cohorts, org.quality, YEARS.index(year)
    pupils = c.total(year)
    staff = Staff(org, pupils, rand)
    rural = org.locality == "rural"
    out: dict[str, tuple[int, int | None, str]] = {}

    def share(code: str, denominator: int, level: float, spread: float = 0.04, comment: str = "") -> None:
        # the organisation keeps its own level from year to year; only a little noise is yearly
        if denominator > 0:
            lasting = level + org_offset(org.org_id, code, spread)
            out[code] = (share_count(rand, denominator, lasting, 0.015), denominator, comment)

    grades_2_4 = c.total(year, range(2, 5))
    excellent = 0.16 + 0.05 * q + (0.1 if org.org_id == TERM_MARK_INFLATION else 0.0)
    share("1.02", grades_2_4, max(0.03, excellent))
    tested = round(c.sizes[year][8] * rand.uniform(0.85, 0.95))
    for code, base in (("1.26", 0.68), ("1.27", 0.58), ("1.28", 0.62), ("1.29", 0.66)):
        level = base + 0.08 * q + 0.015 * t - (0.12 if is_low(org.org_id, year) else 0.0)
        share(code, tested, level, 0.05)
    out["1.31"] = (pupils, None, "")
    share("3.09", c.total(year, range(5, 12)), 0.22 + 0.08 * q + 0.02 * t, 0.05)
    share("3.10", pupils, 0.02 + 0.015 * max(q, 0), 0.01)
    if org.secondary:
        share("3.11", sy.graduates11, min(0.95, 0.62 + 0.2 * q), 0.06)
        if sy.graduates11 and sy.certified11:
            out["3.11"] = (min(out["3.11"][0], sy.certified11), sy.graduates11, "")
        profile = sy.graduates11 if org.type in EXCLUDED_TYPES else round(sy.graduates11 * (0.6 if not rural else 0.0))
        share("4.02", profile, 0.55 + 0.1 * q, 0.06)
        share("4.03", profile, 0.82 + 0.05 * q, 0.05)
    share("4.01", sy.graduates9, 0.72 if org.grades == 9 else 0.45 - 0.1 * q, 0.06)
    seniors = c.total(year, range(6, 12))
    share("4.04", seniors, 0.25 + 0.04 * t, 0.05)
    share("4.05", seniors, 0.6 + 0.05 * t, 0.08)
    out["4.06"] = (rand.integer(0, 1 if pupils < 200 else 3 if pupils < 700 else 6), None, "")
    share("5.03", staff.pedagogues, 0.2 - (0.06 if rural else 0.0), 0.06)
    share("5.04", staff.teachers, 0.12 if rural else 0.08, 0.04)
    share("5.05", staff.teachers, 0.2 if rural else 0.1, 0.05)
    share("5.06", staff.teachers, 0.28 if pupils < 200 else 0.08, 0.05)
    share("5.07", staff.admins, 0.8, 0.2)
    share("6.01", staff.pedagogues, 0.3 + 0.07 * t + (0.15 if is_low(org.org_id, year) else 0.0), 0.06)
    share("6.02", staff.pedagogues, 0.62 + 0.04 * t, 0.08)
    share("6.03", staff.beginners, 0.85, 0.15)
    share("6.04", staff.pedagogues, 0.1 + 0.03 * max(q, 0), 0.05)
    out["6.05"] = (rand.integer(0, 1) + (rand.integer(0, 3) if pupils > 500 else 0), None, "")
    share("6.06", staff.teachers, 0.96 if not rural else 0.86, 0.04)
    out["6.07"] = (rand.integer(0, 1) + (rand.integer(1, 6) if org.type in EXCLUDED_TYPES else rand.integer(0, 3) if pupils > 500 else 0), None, "")
    share("6.08", staff.pedagogues, 0.3 + 0.1 * q, 0.06)
    out["6.09"] = (staff.pedagogues, None, "")
    share("7.01", staff.pedagogues, 0.45 + 0.08 * t, 0.08)
    share("7.02", c.total(year, range(5, 12)), 0.22 + 0.03 * t, 0.06)
    share("7.03", pupils, 0.025 if org.org_id in SHFNSU else 0.012, 0.006)
    out["7.04"] = (rand.integer(1, 2) + (1 if pupils > 700 else 0), None, "")
    if year >= 2023:
        out["7.05"] = (1, None, "")
    else:
        out["7.05"] = (0, None, "Российское движение детей и молодёжи «Движение первых» создано в декабре 2022 года.")
    return out


def kindergarten_values(org: Org, year: int, rand: Rand) -> dict[str, tuple[int, int | None, str]]:
    children = round(org.size * rand.uniform(0.94, 1.06))
    pedagogues = max(5, round(children / rand.uniform(8.5, 11.0)))
    out: dict[str, tuple[int, int | None, str]] = {}
    out["8.01"] = (0 if org.org_id == "dou-11" and year <= 2022 else 1, 1,
                   "Программа приведена в соответствие с ФОП ДО в 2023 году." if org.org_id == "dou-11" and year == 2023 else "")
    if rand.chance(0.6) or org.type == "development_centre":
        out["8.02"] = (0 if org.org_id == "dou-12" and year <= 2023 else 1, 1, "Участие в МКДО по выборке.")
    out["8.03"] = (children, pedagogues, "")
    higher = (0.55 if org.locality == "urban" else 0.4) + org_offset(org.org_id, "8.04", 0.1)
    out["8.04"] = (share_count(rand, pedagogues, higher, 0.02), pedagogues, "")
    out["8.05"] = (share_count(rand, pedagogues, 0.28 + org_offset(org.org_id, "8.05", 0.1), 0.02), pedagogues, "")
    out["8.06"] = (1 if rand.chance(0.08) else 0, None, "")
    out["8.07"] = (0 if org.org_id == "dou-07" and year == 2022 else 1, 1, "")
    surveyed = round(children * rand.uniform(0.5, 0.8))
    satisfied = 0.9 + 0.01 * YEARS.index(year) + org_offset(org.org_id, "8.08", 0.04)
    out["8.08"] = (share_count(rand, surveyed, satisfied, 0.015), surveyed, "")
    out["8.09"] = (children, None, "")
    return out


def monitoring_tables(orgs: list[Org], context: dict[tuple[str, int], SchoolYear], catalogue: list[dict], *,
                      oktmo: str = OKTMO, statuses: dict[int, frozenset[str]] | None = None) -> dict[str, list[dict]]:
    """Reported values of the organisations and of their municipality ``oktmo``.

    ``statuses`` gives the schools with a ШНОР or ШФНСУ status by year (the demo's designed ones by default);
    the benchmark calls this once per municipality of a synthetic region.
    """
    reported = {row["code"]: row for row in catalogue if row["method"] == "reported"}
    org_rows: list[dict] = []
    produced: dict[tuple[str, int], dict[str, tuple[int, int | None, str]]] = {}
    for org in orgs:
        for year in YEARS:
            rand = Rand("monitoring", org.org_id, str(year))
            if org.kind == "school":
                if org.org_id == "sch-20" and year == 2022:
                    # the school did not return the monitoring survey that year: only statistical forms
                    values = school_values(org, year, context[(org.org_id, year)], rand)
                    values = {code: values[code] for code in ("1.31", "6.09")}
                else:
                    values = school_values(org, year, context[(org.org_id, year)], rand)
            elif org.kind == "kindergarten":
                values = kindergarten_values(org, year, rand)
            else:
                values = {"3.12": (round(org.size * rand.uniform(0.92, 1.08) * (1 + 0.02 * YEARS.index(year))), None, "")}
            produced[(org.org_id, year)] = values
            for code, (numerator, denominator, comment) in values.items():
                indicator = reported[code]
                assert indicator["level"] == "organisation" and org.kind in indicator["applies_to"].split("|"), code
                org_rows.append({"indicator": code, "org_id": org.org_id, "year": year,
                                 **value_row(indicator, numerator, denominator), "comment": comment})
    missing = {code for code, row in reported.items() if row["level"] == "organisation"} - {r["indicator"] for r in org_rows}
    assert not missing, f"reported indicators without values: {sorted(missing)}"

    municipal_rows: list[dict] = []
    schools = [o for o in orgs if o.kind == "school"]
    for year in YEARS:
        rand = Rand("municipality", str(year))
        t = YEARS.index(year)
        if statuses is None:
            status_schools = DESIGNED_SHNOR.get(year, frozenset()) | (frozenset(SHFNSU) if year >= 2022 else frozenset())
        else:
            status_schools = statuses.get(year, frozenset())
        status_staff = sum(produced[(o, year)]["6.09"][0] for o in sorted(status_schools))
        pupils = sum(produced[(o.org_id, year)]["1.31"][0] for o in schools)
        heads = len(orgs)
        values: dict[str, tuple[int, int | None]] = {}
        niko = rand.integer(70, 130)
        values["1.30"] = (share_count(rand, niko, 0.13 - 0.01 * t, 0.02), niko)
        if status_staff:
            values["2.03"] = (share_count(rand, status_staff, 0.7 + 0.06 * t, 0.05), status_staff)
            values["2.04"] = (rand.integer(6, 9) + 2 * t, None)
            values["2.05"] = (share_count(rand, status_staff, 0.75 + 0.04 * t, 0.05), status_staff)
            values["2.06"] = (share_count(rand, status_staff, 0.4 + 0.05 * t, 0.05), status_staff)
        children = round(pupils * 1.12 + 350)
        values["3.08"] = (share_count(rand, children, 0.74 + 0.02 * t, 0.01), children)
        ovz = round(sum(context[(o.org_id, year)].cohorts.total(year, range(6, 12)) for o in schools) * 0.028)
        values["4.07"] = (share_count(rand, ovz, 0.7 + 0.05 * t, 0.04), ovz)
        values["4.08"] = (rand.integer(25, 35) + 8 * t, None)
        values["5.01"] = (share_count(rand, heads, 0.78 + 0.03 * t, 0.03), heads)
        values["5.02"] = (share_count(rand, heads, 0.3 + 0.06 * t, 0.05), heads)
        for code, (numerator, denominator) in values.items():
            indicator = reported[code]
            assert indicator["level"] == "municipality", code
            municipal_rows.append({"indicator": code, "oktmo": oktmo, "year": year,
                                   **value_row(indicator, numerator, denominator), "comment": ""})
    return {"organisation_values": org_rows, "municipality_values": municipal_rows}


# ---------------------------------------------------------------------------------------------- design checks


def school_metrics(tables: dict[str, list[dict]], year: int) -> dict[str, dict[str, float]]:
    """The indicators the ШНОР rule and the objectivity signals use, per school, for one year."""
    def sums(rows: list[dict], num, den) -> dict[str, tuple[float, float]]:
        acc: dict[str, list[float]] = {}
        for r in rows:
            if r["year"] == year:
                a = acc.setdefault(r["org_id"], [0.0, 0.0])
                a[0] += num(r)
                a[1] += den(r)
        return {k: (v[0], v[1]) for k, v in acc.items()}

    ege_rus = [r for r in tables["ege"] if r["subject"] == "rus"]
    raw = {
        "1.07": sums(ege_rus, lambda r: float(r["mean_score"]) * r["participants"], lambda r: r["participants"]),
        "1.17": sums(tables["oge"], lambda r: r["mark4"] + r["mark5"], lambda r: r["participants"]),
        "1.18": sums(tables["oge"], lambda r: 2 * r["mark2"] + 3 * r["mark3"] + 4 * r["mark4"] + 5 * r["mark5"],
                     lambda r: r["participants"]),
        "1.20": sums(tables["vpr"], lambda r: r["mark3"] + r["mark4"] + r["mark5"], lambda r: r["participants"]),
        "1.21": sums(tables["vpr"], lambda r: r["mark4"] + r["mark5"], lambda r: r["participants"]),
        "1.22": sums(tables["vpr"], lambda r: r["confirmed"], lambda r: r["participants"]),
        "1.24": sums(tables["vpr"], lambda r: r["raised"], lambda r: r["participants"]),
        "1.25": sums(tables["ege"], lambda r: r["medalists_not_confirmed"], lambda r: r["medalists"]),
    }
    scale = {"1.07": 1, "1.18": 1}
    metrics: dict[str, dict[str, float]] = {}
    for code, by_school in raw.items():
        k = scale.get(code, 100)
        metrics[code] = {org: k * n / d for org, (n, d) in by_school.items() if d >= MIN_GROUP}
        total_n = sum(n for n, _ in by_school.values())
        total_d = sum(d for _, d in by_school.values())
        metrics[code]["*"] = k * total_n / total_d
    return metrics


def check_design(tables: dict[str, list[dict]], orgs: list[Org]) -> None:
    """Fail loudly unless the designed schools, and only they, are flagged, with room to spare."""
    types = {o.org_id: o.type for o in orgs}
    low_lists: dict[int, set[str]] = {}
    margins = {"1.07": 5.0, "1.18": 0.15, "1.20": 5.0}
    for year in YEARS:
        m = school_metrics(tables, year)
        low_count: dict[str, int] = {}
        for code in ("1.07", "1.18", "1.20"):
            values = {k: v for k, v in m[code].items() if k != "*"}
            ranked = sorted(values.values())
            k = math.ceil(round(BOTTOM_SHARE * len(ranked), 9))
            bottom = {org for org, v in values.items() if v <= ranked[k - 1]}
            for org in bottom:
                low_count[org] = low_count.get(org, 0) + 1
            designed = {org for org in values if is_low(org, year)}
            others = [v for org, v in values.items() if org not in designed]
            assert max(values[o] for o in designed) + margins[code] <= min(others), (year, code)
            if year == 2025:
                assert LOW_BASIC not in bottom, (year, code)
        low_lists[year] = {org for org, count in low_count.items() if count >= 2}
        found: dict[str, set[str]] = {}
        for org, v in m["1.22"].items():
            if org != "*" and v <= m["1.22"]["*"] - CONFIRMED_GAP_PP:
                found.setdefault(org, set()).add("vpr_confirmation")
        for org, v in m["1.24"].items():
            if org != "*" and v >= m["1.24"]["*"] + RAISED_GAP_PP:
                found.setdefault(org, set()).add("vpr_raised")
        for org, v in m["1.21"].items():
            if org == "*" or types[org] in EXCLUDED_TYPES or org not in m["1.17"]:
                continue
            if v >= m["1.21"]["*"] + VPR_ABOVE_PP and m["1.17"][org] <= m["1.17"]["*"] + GIA_MARGIN_PP:
                found.setdefault(org, set()).add("vpr_vs_gia")
        for org, v in m["1.25"].items():
            if org != "*" and v >= MEDALIST_INDEX:
                found.setdefault(org, set()).add("medalists")
        assert found == {k: set(v) for k, v in DESIGNED_RISK.items()}, (year, found)
        # room to spare: normal schools stay at least 4 p. p. away from each threshold
        for org, v in m["1.22"].items():
            if org not in ("*", TERM_MARK_INFLATION):
                assert v >= m["1.22"]["*"] - CONFIRMED_GAP_PP + 4, (year, org, "1.22")
        for org, v in m["1.24"].items():
            if org not in ("*", VPR_INFLATION):
                assert v <= m["1.24"]["*"] + RAISED_GAP_PP - 4, (year, org, "1.24")
        for org, v in m["1.21"].items():
            if org not in ("*", VPR_INFLATION) and types[org] not in EXCLUDED_TYPES:
                assert v <= m["1.21"]["*"] + VPR_ABOVE_PP - 4, (year, org, "1.21")
        assert m["1.17"][VPR_INFLATION] <= m["1.17"]["*"] + GIA_MARGIN_PP - 4, (year, "1.17")
        assert m["1.25"][TERM_MARK_INFLATION] >= MEDALIST_INDEX + 5, (year, "1.25")
    for year in YEARS[1:]:
        identified = frozenset(low_lists[year] & low_lists[year - 1])
        assert identified == DESIGNED_SHNOR[year], (year, sorted(identified))


# ---------------------------------------------------------------------------------------------- reference values

# values from outside the project (the region's report, Russia's statistics), invented like everything here:
# (indicator, scope, name, {year: value})
REFERENCES = (
    ("1.07", "region", REGION, {2023: "68.4", 2024: "67.9", 2025: "68.6"}),
    ("1.07", "russia", "Россия", {2023: "68.3", 2024: "68.0", 2025: "68.2"}),
    ("1.09", "region", REGION, {2023: "52.7", 2024: "51.9", 2025: "53.4"}),
    ("1.14", "region", REGION, {2023: "1.4", 2024: "1.6", 2025: "1.3"}),
    ("1.17", "region", REGION, {2023: "47.2", 2024: "46.5", 2025: "48.1"}),
    ("1.22", "region", REGION, {2023: "61.0", 2024: "63.2", 2025: "64.5"}),
)
REFERENCE_SOURCES = {"region": f"Доклад министерства образования: {REGION} (демонстрационные данные)",
                     "russia": "Статистика Рособрнадзора (демонстрационные данные)"}


def reference_rows() -> list[dict]:
    return [{"indicator": code, "year": year, "scope": scope, "name": name, "value": Decimal(value),
             "source": REFERENCE_SOURCES[scope]}
            for code, scope, name, values in REFERENCES for year, value in values.items()]


# ---------------------------------------------------------------------------------------------- output


def fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        raise TypeError(f"binary float {value!r} would be written with noise; use round1()")
    return str(value)


def write_package(out: Path, package: str, tables: dict[str, list[dict]]) -> dict[str, int]:
    descriptor = json.loads((ROOT / "datapackages" / package / "datapackage.json").read_text(encoding="utf-8"))
    counts = {}
    for resource in descriptor["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        key = resource["schema"]["primaryKey"]
        key = [key] if isinstance(key, str) else key
        rows = tables[resource["name"]]
        for row in rows:
            assert set(row) == set(fields), (resource["name"], set(row) ^ set(fields))

        def sort_key(row: dict, key=key, types=types) -> tuple:
            return tuple(int(row[k]) if types[k] == "integer" else str(row[k]) for k in key)

        rows = sorted(rows, key=sort_key)
        assert len({sort_key(r) for r in rows}) == len(rows), f"duplicate keys in {resource['name']}"
        path = out / package / resource["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(fields)
            for row in rows:
                writer.writerow([fmt(row[f]) for f in fields])
        counts[f"{package}/{resource['path']}"] = len(rows)
    return counts


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of ``points`` (Andrew's monotone chain), counter-clockwise."""
    pts = sorted(set(points))

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def write_boundaries(out: Path, orgs_rows: list[dict]) -> None:
    """A fictional outline of the okrug for the map (``registry/boundaries.geojson``): the hull of its
    organisations, pushed 0,06° outwards from its centre. The territorial divisions get none: their villages
    are interleaved, so no honest outline of them can be drawn from the points."""
    points = [(float(row["longitude"]), float(row["latitude"])) for row in orgs_rows if row["latitude"] != ""]
    hull = _hull(points)
    cx, cy = sum(x for x, _y in hull) / len(hull), sum(y for _x, y in hull) / len(hull)
    ring = []
    for x, y in hull:
        length = math.hypot(x - cx, y - cy)
        ring.append([round(x + (x - cx) / length * 0.06, 4), round(y + (y - cy) / length * 0.06, 4)])
    ring.append(ring[0])
    data = {"type": "FeatureCollection", "name": "Граница муниципального округа (вымышленная, демонстрационные данные)",
            "features": [{"type": "Feature", "properties": {"oktmo": OKTMO},
                          "geometry": {"type": "Polygon", "coordinates": [ring]}}]}
    (out / "registry" / "boundaries.geojson").write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")


def generate(out: Path) -> dict[str, int]:
    """Generate every table, check the design, write the CSV files; returns rows per file."""
    orgs = build_orgs()
    registry = registry_tables(orgs)
    assessments, context = assessment_tables(orgs)
    check_design(assessments, orgs)
    monitoring = monitoring_tables(orgs, context, read_catalogue(ROOT / "datapackages"))
    monitoring["reference_values"] = reference_rows()
    counts = {}
    counts.update(write_package(out, "registry", registry))
    write_boundaries(out, registry["organisations"])
    counts.update(write_package(out, "assessments", assessments))
    counts.update(write_package(out, "monitoring", monitoring))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Записать демонстрационные данные msoko-site (CSV пакетов registry, assessments, monitoring).")
    parser.add_argument("--out", type=Path, default=ROOT / "datapackages",
                        help="папка пакетов данных (по умолчанию datapackages/ репозитория)")
    args = parser.parse_args(argv)
    counts = generate(args.out)
    for name, count in counts.items():
        print(f"{name}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
