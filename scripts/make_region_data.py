"""Write a synthetic region for measuring msoko-site at scale: many municipalities, thousands of organisations.

The region reuses the demonstration generator (``scripts/make_demo_data.py``) for everything that gives the data
their shape: cohorts, ЕГЭ/ОГЭ/ВПР/olympiad results, reported indicators. Schools and kindergartens are drawn
from the demo's own lists (type, locality, size), with sizes and quality spread around them, so the region has
the demo's distributions at any scale. None of its schools is one of the demo's designed cases.

Run ``python scripts/make_region_data.py --out DIR [--municipalities 50 --schools 2000 --kindergartens 1000
--years 5]``; the output is the same from run to run. Municipalities are generated in parallel processes.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DEMO_SCRIPT = ROOT / "scripts" / "make_demo_data.py"
REGION = "Синтетическая область"
REGION_CODE = "99"
#: resources that are the same in every municipality: written once
SHARED_RESOURCES = {"assessments/subjects.csv"}


def demo_module() -> ModuleType:
    """The demonstration generator, imported from its file (``scripts/`` is not a package)."""
    loaded = sys.modules.get("make_demo_data")
    if loaded is not None:
        return loaded
    spec = importlib.util.spec_from_file_location("make_demo_data", DEMO_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo_data"] = module  # dataclasses of the module look themselves up here
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Scale:
    municipalities: int = 50
    schools: int = 2000
    kindergartens: int = 1000
    years: int = 5

    def check(self) -> None:
        demo = demo_module()
        if not 1 <= self.years <= len(demo.YEARS):
            raise SystemExit(f"Число лет — от 1 до {len(demo.YEARS)} (демонстрационные годы {demo.YEARS[0]}–{demo.YEARS[-1]}).")
        if self.municipalities < 1 or self.municipalities > 999:
            raise SystemExit("Число муниципалитетов — от 1 до 999.")
        if self.schools < self.municipalities:
            raise SystemExit("Школ должно быть не меньше, чем муниципалитетов (хотя бы одна в каждом).")
        if self.kindergartens < 0:
            raise SystemExit("Число детских садов не может быть отрицательным.")

    @property
    def year_range(self) -> tuple[int, ...]:
        """The last ``years`` school years of the demonstration range."""
        return tuple(demo_module().YEARS[-self.years:])


def oktmo(number: int) -> str:
    return f"{REGION_CODE}6{number:02d}000" if number < 100 else f"{REGION_CODE}{number:03d}000"


def share_of(total: int, parts: int, index: int) -> int:
    """``total`` split into ``parts`` near-equal whole parts; part number ``index`` (0-based)."""
    return total // parts + (1 if index < total % parts else 0)


def municipality_orgs(number: int, schools: int, kindergartens: int) -> tuple[list, dict[str, tuple[str, str]]]:
    """Organisations of municipality ``number``: demo templates in turn, sizes and quality spread around them.

    Returns the organisations and, per org_id, (form, place) for the registry.
    """
    demo = demo_module()
    rand = demo.Rand("region", str(number))
    genitive = f"муниципального округа № {number}"
    town = f"г. Синтетический-{number}"
    orgs, extra = [], {}
    templates = demo.SCHOOLS
    for index in range(schools):
        org_id, form, short, full, kind_type, locality, place, street, size, quality = templates[(number + index) % len(templates)]
        serial = index + 1
        grades = 9 if kind_type == "basic" else 11
        # quality: the template's, moved a little; the demo's persistently low schools are not copied as such
        level = max(-0.9, min(0.9, (quality if quality > -1 else -0.3) + rand.normal(0, 0.25)))
        size = max(40, round(size * rand.uniform(0.7, 1.3)))
        name = _numbered(short, serial)
        place = town if locality == "urban" else f"с. Село-{number}-{serial}"
        orgs.append(demo.Org(f"m{number:03d}-sch-{serial:04d}", f"{form} «{name}»",
                             f"{demo.SCHOOL_FORMS[form]} «{_numbered(full, serial)}» {genitive}", "school", kind_type,
                             locality, place, street, size, level, grades))
        extra[orgs[-1].org_id] = (form, place)
    for index in range(kindergartens):
        row = demo.KINDERGARTENS[(number + index) % len(demo.KINDERGARTENS)]
        _, form, short, full, kind_type, locality, _, street, size = row
        serial = index + 1
        place = town if locality == "urban" else f"с. Село-{number}-д{serial}"
        orgs.append(demo.Org(f"m{number:03d}-dou-{serial:04d}", f"{form} «Детский сад № {serial}»",
                             f"{demo.SCHOOL_FORMS[form]} «Детский сад № {serial}» {genitive}", "kindergarten", kind_type,
                             locality, place, street, max(20, round(size * rand.uniform(0.7, 1.3))), grades=0))
        extra[orgs[-1].org_id] = (form, place)
    org_id, form, short, full, kind_type, locality, _, street, size = demo.ADDITIONAL[number % len(demo.ADDITIONAL)]
    orgs.append(demo.Org(f"m{number:03d}-udo-0001", f"{form} «{short}»", f"{demo.SCHOOL_FORMS[form]} «{full}» {genitive}",
                         "additional", kind_type, locality, town, street, size, grades=0))
    extra[orgs[-1].org_id] = (form, town)
    return orgs, extra


def _numbered(name: str, serial: int) -> str:
    """«СОШ № 3» → «СОШ № 17»; a named school («Никольская СОШ») gets the number after the name."""
    if "№" in name:
        return name.split("№")[0] + f"№ {serial}"
    return f"{name} № {serial}"


def registry_tables(number: int, orgs: list, extra: dict[str, tuple[str, str]]) -> tuple[dict[str, list[dict]], dict[int, frozenset[str]]]:
    """The registry of one municipality, and its schools with a status by year (the monitoring needs them)."""
    demo = demo_module()
    rand = demo.Rand("region-registry", str(number))
    code = oktmo(number)
    municipalities = [{"oktmo": code, "name": f"Муниципальный округ № {number}", "kind": "municipal_okrug",
                       "region": REGION, "region_code": REGION_CODE}]
    organisations = []
    for serial, org in enumerate(orgs, start=1):
        inn9 = f"{REGION_CODE}{number % 100:02d}{serial:05d}"
        ogrn12 = f"1{rand.integer(2, 12):02d}{REGION_CODE}{number % 100:02d}{serial:05d}"
        _, place = extra[org.org_id]
        organisations.append({
            "org_id": org.org_id,
            "inn": inn9 + demo.inn_check_digit(inn9),
            "ogrn": ogrn12 + demo.ogrn_check_digit(ogrn12),
            "kpp": f"{REGION_CODE}{number % 100:02d}01001",
            "full_name": org.full_name,
            "short_name": org.short_name,
            "kind": org.kind,
            "type": org.type,
            "oktmo": code,
            "parent_org_id": "",
            "address": f"000{number:03d}, {REGION}, Муниципальный округ № {number}, {place}, {org.street}",
            "locality": org.locality,
            "website": f"https://{org.org_id}.example.org/",
            "email": f"{org.org_id}@example.org",
            "phone": f"+7 900 {number:03d}-{serial // 100 % 100:02d}-{serial % 100:02d}",
            "latitude": Decimal(f"{55 + number * 0.05 + rand.uniform(-0.2, 0.2):.5f}"),
            "longitude": Decimal(f"{40 + number * 0.05 + rand.uniform(-0.2, 0.2):.5f}"),
        })
    statuses = []
    shfnsu = sorted(o.org_id for o in orgs if o.kind == "school" and o.quality < -0.6)
    by_year: dict[int, frozenset[str]] = {}
    for year in demo.YEARS[1:]:
        by_year[year] = frozenset(shfnsu)
        for org_id in shfnsu:
            statuses.append({"org_id": org_id, "year": year, "status": "shfnsu",
                             "basis": f"Приказ министерства образования от 15.01.{year} № {number}"})
    return {"municipalities": municipalities, "organisations": organisations, "statuses": statuses}, by_year


def write_municipality(args: tuple[int, int, int, Path]) -> dict[str, int]:
    """Generate one municipality and write its CSV files into ``part`` (in a worker process)."""
    number, schools, kindergartens, part = args
    demo = demo_module()
    orgs, extra = municipality_orgs(number, schools, kindergartens)
    registry, statuses_by_year = registry_tables(number, orgs, extra)
    assessments, context = demo.assessment_tables(orgs)
    catalogue = demo.read_catalogue(ROOT / "datapackages")
    monitoring = demo.monitoring_tables(orgs, context, catalogue, oktmo=oktmo(number), statuses=statuses_by_year)
    counts: dict[str, int] = {}
    for package, tables in (("registry", registry), ("assessments", assessments), ("monitoring", monitoring)):
        # resources the region does not simulate (former names, territories below the municipality, reference
        # values) are written header-only, as a new project has them
        descriptor = json.loads((ROOT / "datapackages" / package / "datapackage.json").read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            tables.setdefault(resource["name"], [])
        counts.update(demo.write_package(part, package, tables))
    return counts


def _keep_years(path: Path, years: tuple[int, ...]) -> None:
    """Drop the rows of years outside the chosen range (the simulation always runs over the demo's five years)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    if "year" not in header:
        return
    column = header.index("year")
    wanted = {str(y) for y in years}
    # no field before «year» contains a comma in these tables (ids, codes)
    kept = [lines[0]] + [line for line in lines[1:] if line.split(",")[column] in wanted]
    path.write_text("".join(kept), encoding="utf-8")


def generate(out: Path, scale: Scale, *, workers: int = 2) -> dict[str, int]:
    """Write the region's data packages into ``out`` (replacing what is there); returns rows per file."""
    scale.check()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for package in ("registry", "assessments", "monitoring", "indicators"):
        (out / package).mkdir()
        shutil.copyfile(ROOT / "datapackages" / package / "datapackage.json", out / package / "datapackage.json")
    for name in ("indicators.csv", "directions.csv", "federal_indicators.csv"):
        shutil.copyfile(ROOT / "datapackages" / "indicators" / name, out / "indicators" / name)
    # the values of the statistical forms are the region's own: none in a synthetic region
    header = (ROOT / "datapackages" / "indicators" / "federal_values.csv").read_text(encoding="utf-8").splitlines()[0]
    (out / "indicators" / "federal_values.csv").write_text(header + "\n", encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="region-", dir=out.parent) as scratch:
        parts = [Path(scratch) / f"m{n:03d}" for n in range(1, scale.municipalities + 1)]
        jobs = [(n, share_of(scale.schools, scale.municipalities, n - 1), share_of(scale.kindergartens, scale.municipalities, n - 1),
                 parts[n - 1]) for n in range(1, scale.municipalities + 1)]
        if workers > 1 and len(jobs) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(write_municipality, jobs))
        else:
            results = [write_municipality(job) for job in jobs]
        counts: dict[str, int] = {}
        for name in results[0]:
            target = out / name
            with target.open("w", encoding="utf-8", newline="") as merged:
                for index, part in enumerate(parts):
                    lines = (part / name).read_text(encoding="utf-8").splitlines(keepends=True)
                    merged.writelines(lines if index == 0 else lines[1:])
                    if name in SHARED_RESOURCES:
                        break
            _keep_years(target, scale.year_range)
            counts[name] = sum(1 for _ in target.open(encoding="utf-8")) - 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Записать синтетический регион для замеров msoko-site.")
    parser.add_argument("--out", type=Path, required=True, help="папка пакетов данных (будет перезаписана)")
    parser.add_argument("--municipalities", type=int, default=Scale.municipalities, help="число муниципалитетов")
    parser.add_argument("--schools", type=int, default=Scale.schools, help="число школ")
    parser.add_argument("--kindergartens", type=int, default=Scale.kindergartens, help="число детских садов")
    parser.add_argument("--years", type=int, default=Scale.years, help="число лет (последние из 2021–2025)")
    args = parser.parse_args(argv)
    counts = generate(args.out, Scale(args.municipalities, args.schools, args.kindergartens, args.years))
    for name, count in counts.items():
        print(f"{name}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

