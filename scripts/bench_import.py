"""Time a city's whole way in, as a user takes it: ``msoko init``, the registry's import, the results' dry run,
the import with ``--unknown skip``, ``msoko validate`` and (with ``--build``) ``msoko build``.

The exports are synthetic but shaped like a large city's open data (issue 16; ``tests/data/imports/city`` holds
the small originals): UTF-8 with BOM, ``;``, technical names with a row of Russian captions under them, a trailing
``;``; a registry of ~580 schools with ИНН, ОГРН, websites without a scheme, okrug and district; a per-school
summary of ~4 900 rows over seven school years written «2016-2017», with okrug and district columns, names spelt
with or without the legal form, renamed schools and ~500 names the registry does not know (closed, private
schools, colleges). The mappings are the city end-to-end test's. Each command runs in a process of its own, so
each time includes the start of ``msoko`` as a user sees it.

    .venv/bin/python scripts/bench_import.py [--organisations 580 --rows 4900 --unknown 500] [--build] [--keep]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CITY = ROOT / "tests" / "data" / "imports" / "city"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import typography as ty  # noqa: E402

YEARS = range(2017, 2024)  # seven school years, 2016-2017 … 2022-2023
KINDS = ("Школа", "Школа", "Школа", "Гимназия", "Лицей", "Кадетская школа")
WORDS = ("Гамма", "Эрудит", "Радуга", "Логос", "Вектор", "Спектр", "Феникс", "Интеллект", "Созвездие", "Истоки")
OKRUGS = ("ЦАО", "САО", "СВАО", "ВАО", "ЮВАО", "ЮАО", "ЮЗАО", "ЗАО", "СЗАО", "ЗелАО", "НАО", "ТАО")
DISTRICTS = ("Арбат", "Басманный", "Аэропорт", "Бескудниковский", "Лианозово", "Бабушкинский", "Измайлово",
             "Перово", "Люблино", "Капотня", "Царицыно", "Бирюлёво Западное", "Ясенево", "Коньково", "Кунцево",
             "Раменки", "Митино", "Строгино", "Крюково", "Силино", "Внуково", "Кокошкино", "Вороновское", "Троицк")


def _inn(nine: str) -> str:
    """A legal entity's ИНН with its check digit (the project's validation checks it)."""
    return nine + str(sum(int(d) * w for d, w in zip(nine, (2, 4, 10, 3, 5, 9, 4, 6, 8), strict=True)) % 11 % 10)


def _ogrn(twelve: str) -> str:
    return twelve + str(int(twelve) % 11 % 10)


def _place(rng: random.Random) -> tuple[str, str]:
    """An okrug and one of its two districts."""
    okrug = rng.randrange(len(OKRUGS))
    return OKRUGS[okrug], DISTRICTS[2 * okrug + rng.randrange(2)]


def make_exports(folder: Path, organisations: int, rows: int, unknown: int, rng: random.Random) -> None:
    """Write ``registry.csv`` and ``results.csv`` (with the city test's mappings) into ``folder``."""
    for name in ("municipalities.csv", "registry.yml", "pupils.yml"):
        shutil.copy(CITY / name, folder / name)
    schools = []
    lines = ["ID;EKIS;ShortName;FullName;INN;KPP;OGRN;AdmArea;District;Address;WebSite;Pupils;",
             "Код;Код ЕКИС;Краткое наименование;Полное наименование;ИНН;КПП;ОГРН;Административный округ;Район;Адрес;Сайт;"
             "Численность обучающихся;"]
    for number in range(1, organisations + 1):
        kind = rng.choice(KINDS)
        label = f"{kind} № {1000 + number}" + (f" «{rng.choice(WORDS)}»" if rng.random() < 0.3 else "")
        okrug, district = _place(rng)
        inn = _inn(f"77{number:07d}").lstrip("0")  # ИНН and ОГРН lose leading zeros in such exports
        site = f"sch{1000 + number}.mskobr.ru" if rng.random() < 0.9 else ""
        lines.append(f'{number};{1000 + number};ГБОУ {label};"Государственное бюджетное общеобразовательное учреждение '
                     f'города Москвы «{label}»";{inn};771001001;{_ogrn(f"1027{number:08d}")};{okrug};{district};'
                     f'"Москва, ул. Школьная, д. {number}";{site};{rng.randint(300, 2500)};')
        schools.append((f"ГБОУ {label}", okrug, district))
    (folder / "registry.csv").write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    strangers = [(name, *_place(rng)) for name in
                 [f"ГБОУ Школа № {3000 + i}" for i in range(unknown // 2)]
                 + [f"ГБПОУ Колледж № {i + 1}" for i in range(unknown // 4)]
                 + [f"АНО ОО «Частная школа «{WORDS[i % 10]}-{i}»»" for i in range(unknown - unknown // 2 - unknown // 4)]]
    cells = [(school, year) for school in schools for year in YEARS]
    # the strangers (closed, private schools, colleges) take the years the known schools lack
    stranger_rows = min(len(cells), max(len(strangers), rows - len(cells) + len(strangers)))
    known = rng.sample(cells, max(0, rows - stranger_rows))
    years = list(YEARS)  # a stranger's rows fall in different years
    others = [(strangers[i % len(strangers)], years[(i // len(strangers) + i) % len(years)]) for i in range(rows - len(known))]
    lines = ["EduOrgName;AdmArea;District;YEAR;PUPILS;",
             "Наименование ОО;Административный округ;Район;Учебный год;Численность обучающихся;"]
    for (name, okrug, district), year in sorted(known + others, key=lambda item: (item[1], item[0][0])):
        spelt = name if rng.random() < 0.7 else name.removeprefix("ГБОУ ")
        lines.append(f'"{spelt}";{okrug};{district};{year - 1}-{year};{rng.randint(300, 2500)};')
    (folder / "results.csv").write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")


def msoko(*args: str) -> tuple[float, int, str]:
    """Run one ``msoko`` command in a process of its own: seconds, exit code, the last line it said."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    said = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
    return seconds, done.returncode, said[-1] if said else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=580)
    parser.add_argument("--rows", type=int, default=4900)
    parser.add_argument("--unknown", type=int, default=500, help="names of the results the registry does not know")
    parser.add_argument("--build", action="store_true", help="also time «msoko build» of the city")
    parser.add_argument("--keep", action="store_true", help="keep the project and the exports (the folder is printed)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="msoko-bench-import-"))
    exports, root = scratch / "exports", scratch / "city"
    exports.mkdir()
    make_exports(exports, args.organisations, args.rows, args.unknown, random.Random(16))
    project = ["--project", str(root)]
    results = exports / "results.csv"
    steps = [
        ("msoko init", ["init", str(root), "--municipality", "Город Москва", "--oktmo", "45000000", "--region", "Москва",
                        "--authority", "Департамент образования города Москвы", "--inn", "7701234567"], True),
        ("муниципалитеты", ["import", str(exports / "municipalities.csv"), "--dataset", "municipalities", *project], True),
        (f"реестр ({ty.count_noun(args.organisations, ('организация', 'организации', 'организаций'))})",
         ["import", str(exports / "registry.csv"), "--dataset", "organisations", "--mapping", str(exports / "registry.yml"),
          *project], True),
        (f"пробная загрузка итогов ({ty.count_noun(args.rows, ('строка', 'строки', 'строк'))})",
         ["import", str(results), "--dataset", "organisation_values", "--mapping", str(exports / "pupils.yml"), "--dry-run",
          *project], False),
        ("загрузка итогов с --unknown skip",
         ["import", str(results), "--dataset", "organisation_values", "--mapping", str(exports / "pupils.yml"),
          "--unknown", "skip", *project], True),
        ("msoko validate", ["validate", str(root)], True),
    ]
    if args.build:
        steps.append(("msoko build", ["build", str(root)], True))
    print(f"{'Шаг':<44} {'Время, с':>9}  Итог")
    failed = False
    for label, command, must_succeed in steps:
        seconds, code, said = msoko(*command)
        outcome = said if code == 0 else f"код {code}: {said}"
        print(f"{label:<44} {ty.fmt_number(seconds, 1):>9}  {outcome[:110]}", flush=True)
        failed |= must_succeed and code != 0
    if args.keep:
        print(f"Проект и выгрузки: {scratch}")
    else:
        shutil.rmtree(scratch)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
