"""Time ``msoko import`` on a city-sized export: a registry of N organisations and a results file of M rows.

The registry and the results are synthetic but shaped like a large city's open data: schools named
«Школа № 1234», «Гимназия № 1404 «Гамма»», «Лицей № 1501», spelt in the results with the legal form
(«ГБОУ Школа № 1234») and a share of names the registry does not know (closed, merged and private schools).
Three imports are timed, each a dry run (read, map, match, check the whole project, diff):

* ``known``: every name is in the registry;
* ``unknown``: a tenth of the names are not, and the import stops with the list of them;
* ``skip``: the same file with ``--unknown skip`` (where the importer has it), importing what matches.

    .venv/bin/python scripts/bench_import.py --organisations 600 --rows 5000
"""

from __future__ import annotations

import argparse
import inspect
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.errors import MsokoError  # noqa: E402
from generator.importer import prepare  # noqa: E402
from generator.importer.write import csv_text  # noqa: E402
from generator.project import Project  # noqa: E402
from generator.scaffold import Identity, init_project  # noqa: E402

OKTMO = "45300000"
YEARS = range(2015, 2024)
KINDS = ("Школа", "Школа", "Школа", "Гимназия", "Лицей", "Кадетская школа")
WORDS = ("Гамма", "Эрудит", "Радуга", "Логос", "Вектор", "Спектр", "Феникс", "Интеллект", "Созвездие", "Истоки")
TYPES = {"Школа": "secondary", "Гимназия": "gymnasium", "Лицей": "lyceum", "Кадетская школа": "boarding"}


def _inn(nine: str) -> str:
    """A legal entity's ИНН with its check digit (the project's validation checks it)."""
    return nine + str(sum(int(d) * w for d, w in zip(nine, (2, 4, 10, 3, 5, 9, 4, 6, 8), strict=True)) % 11 % 10)


def _ogrn(twelve: str) -> str:
    return twelve + str(int(twelve) % 11 % 10)


def registry_rows(count: int, rng: random.Random) -> list[dict[str, str]]:
    rows = []
    for number in range(1, count + 1):
        kind = rng.choice(KINDS)
        label = f"{kind} № {1000 + number}" + (f" «{rng.choice(WORDS)}»" if rng.random() < 0.3 else "")
        rows.append({
            "org_id": f"sch-{number:04d}", "inn": _inn(f"77{number:07d}"), "ogrn": _ogrn(f"1027{number:08d}"), "kpp": "771001001",
            "full_name": f"Государственное бюджетное общеобразовательное учреждение города Москвы «{label}»",
            "short_name": f"ГБОУ {label}", "kind": "school", "type": TYPES[kind], "oktmo": OKTMO, "parent_org_id": "",
            "address": f"Москва, ул. Школьная, д. {number}", "locality": "urban", "website": "", "email": "", "phone": "",
            "latitude": "", "longitude": "",
        })
    return rows


def results_text(registry: list[dict[str, str]], rows: int, unknown_share: float, rng: random.Random) -> str:
    """A per-school results file: name as the export spells it, school year, a count; 9 school years."""
    years = [f"{year - 1}-{year}" for year in YEARS]
    per_year = -(-rows // len(years))
    names = [row["short_name"].replace("ГБОУ ", rng.choice(("ГБОУ ", ""))) for row in registry]
    strangers = int(per_year * unknown_share)
    names = names[: max(0, per_year - strangers)] + [f"АНО «Частная школа «{WORDS[i % 10]}-{i}»»" for i in range(strangers)]
    if len(names) < per_year:
        raise SystemExit(f"{rows} rows need at least {per_year} organisations over {len(years)} years")
    lines = ["EduOrgName;YEAR;numerator;value;", "Наименование ОО;Учебный год;Числитель;Значение;"]
    produced = 0
    for year in years:
        for name in names:
            if produced == rows:
                break
            count = rng.randint(0, 120)
            lines.append(f"{name};{year};{count};{count};")
            produced += 1
    return "\ufeff" + "\n".join(lines) + "\n"


MAPPING = """\
dataset: organisation_values
columns:
  org_id: EduOrgName
  year: YEAR
constants:
  indicator: "1.31"
values:
  year: {YEARS}
""".replace("YEARS", ", ".join(f"{y - 1}-{y}: {y}" for y in YEARS))


def timed(label: str, function) -> dict[str, object]:
    started = time.perf_counter()
    try:
        plan = function()
        outcome = f"{plan.rows_read} rows read, {plan.diff.summary()}"
        if getattr(plan, "set_aside", None):
            outcome += f", {len(plan.set_aside)} set aside"
    except MsokoError as error:
        outcome = "refused: " + str(error).splitlines()[0][:120]
    seconds = time.perf_counter() - started
    print(f"{label:>8}: {seconds:6.2f} s — {outcome}", flush=True)
    return {"case": label, "seconds": round(seconds, 3), "outcome": outcome}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=600)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--unknown-share", type=float, default=0.1)
    parser.add_argument("--json", type=Path, help="also write the timings here")
    args = parser.parse_args()
    rng = random.Random(16)
    with tempfile.TemporaryDirectory(prefix="msoko-bench-import-") as scratch:
        folder = Path(scratch)
        identity = Identity(municipality="Город федерального значения Москва", oktmo=OKTMO, region="Москва",
                            authority="Департамент образования", inn="7701234567")
        project: Project = init_project(folder / "city", identity).project
        municipalities = project.datapackages / "registry" / "municipalities.csv"
        municipalities.write_text(
            "oktmo,name,kind,region,region_code\n" f"{OKTMO},Город Москва,urban_okrug,Москва,77\n", encoding="utf-8")
        registry = registry_rows(args.organisations, rng)
        (project.datapackages / "registry" / "organisations.csv").write_text(csv_text(list(registry[0]), registry), encoding="utf-8")
        (folder / "map.yml").write_text(MAPPING, encoding="utf-8")
        known = folder / "known.csv"
        known.write_text(results_text(registry, args.rows, 0.0, rng), encoding="utf-8")
        unknown = folder / "unknown.csv"
        unknown.write_text(results_text(registry, args.rows, args.unknown_share, rng), encoding="utf-8")
        print(f"registry: {args.organisations} organisations; files: {args.rows} rows", flush=True)
        results = [timed("known", lambda: prepare(project, known, "organisation_values", mapping_file=folder / "map.yml"))]
        results.append(timed("unknown", lambda: prepare(project, unknown, "organisation_values", mapping_file=folder / "map.yml")))
        if "unknown" in inspect.signature(prepare).parameters:
            results.append(timed("skip", lambda: prepare(project, unknown, "organisation_values", mapping_file=folder / "map.yml",
                                                          unknown="skip")))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
