"""Measure msoko-site at regional scale: a full build, a rebuild with no change and a rebuild after one dataset
of one year changed.

The region is synthetic (``scripts/make_region_data.py``, the demo's distributions at any scale). Each build runs
in a fresh process, so its peak memory (``ru_maxrss`` of the process and of its chart-drawing workers) is its own;
the stage timings are the build's own (``BuildSummary.timings``), not re-measured here. The results are printed
as a table in Russian and written as JSON.

    python scripts/bench.py [--municipalities 50 --schools 2000 --kindergartens 1000 --years 5]
                            [--out DIR] [--keep] [--json FILE]

The yardstick is bare MkDocs: mkdocs-material with its own search plugin over a copy of the same generated
Markdown files, right after the full build (the project's ``mkdocs.yml`` less the generator's theme folder, hooks and
nav: its ``not_in_nav`` keeps the automatic menu small). It stays fixed whatever search the site itself uses.

Targets on a 2-core machine (reported, never asserted): full build ≤ 3 × bare MkDocs, unchanged rebuild ≤ 10 s,
rebuild after one dataset changed ≤ 1 × bare MkDocs, peak memory ≤ 2 GiB, no page over 150 KB.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

#: targets: a multiple of bare MkDocs' time over the same pages (``None``: an absolute number of seconds instead)
RATIO_TARGETS = {"full": 3.0, "unchanged": None, "one_dataset": 1.0}
#: absolute targets (seconds) where no ratio is set, and the fallback when bare MkDocs was not measured
TARGETS = {"full": 120.0, "unchanged": 10.0, "one_dataset": 30.0}
MEMORY_TARGET = 2 * 1024**3
PAGE_TARGET = 150 * 1024
BUILDS = (("full", "Полная сборка"), ("unchanged", "Без изменений"), ("one_dataset", "Изменён один набор"))
#: the build's stage names in Russian, in pipeline order; unknown stages are shown by their own name
STAGES = {
    "configure": "Настройки",
    "inputs": "Сверка входных данных",
    "validate": "Проверка данных",
    "load": "Загрузка",
    "compute": "Расчёт показателей",
    "render": "Страницы",
    "pages": "Страницы",
    "opendata": "Открытые данные",
    "opendata_wait": "Ожидание открытых данных",
    "report": "Доклад",
    "report_wait": "Ожидание доклада",
    "sections": "Открытые данные и доклад",
    "charts": "Диаграммы",
    "mkdocs": "MkDocs",
    "search": "Поисковый индекс",
    "publish": "Публикация",
}
#: schools whose ВПР results of the latest year the third build changes
CHANGED_SCHOOLS = 5

CONFIG = """\
# Синтетический регион для замеров скорости сборки (scripts/bench.py).
site:
  title: "Оценка качества образования — Синтетическая область"
  municipality: "Синтетическая область"
  region: "Синтетическая область"
  authority: "Министерство образования Синтетической области"
  authority_inn: "9900000017"
  email: "minobr@example.org"
  demo: true
privacy:
  min_group: 5
"""


def _script(name: str) -> ModuleType:
    """A module of ``scripts/`` imported from its file (registered, so worker processes can unpickle its functions)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# --- the project -------------------------------------------------------------------------------------------


def make_project(root: Path, scale: Any) -> dict[str, int]:
    """A complete msoko project of the synthetic region in ``root``: settings, data packages, the repository's pages."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "msoko.yml").write_text(CONFIG, encoding="utf-8")
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if (root / "content").exists():
        shutil.rmtree(root / "content")
    shutil.copytree(ROOT / "content", root / "content")
    return _script("make_region_data").generate(root / "datapackages", scale)


def change_one_dataset(root: Path, count: int = CHANGED_SCHOOLS) -> dict[str, Any]:
    """Change the ВПР results of the latest year of ``count`` schools: one pupil per row moves from «3» to «4».

    Row totals stay consistent (marks and confirmation sum to the participants), so the data stay valid.
    """
    path = root / "datapackages" / "assessments" / "vpr.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    col = {name: header.index(name) for name in ("org_id", "year", "mark3", "mark4")}
    latest = max(int(row[col["year"]]) for row in body)
    schools = sorted({row[col["org_id"]] for row in body if int(row[col["year"]]) == latest})[:count]
    changed = 0
    for row in body:
        if row[col["org_id"]] in schools and int(row[col["year"]]) == latest and int(row[col["mark3"]]) > 0:
            row[col["mark3"]] = str(int(row[col["mark3"]]) - 1)
            row[col["mark4"]] = str(int(row[col["mark4"]]) + 1)
            changed += 1
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *body])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return {"dataset": "assessments/vpr.csv", "year": latest, "schools": schools, "rows": changed}


# --- one build, in its own process ---------------------------------------------------------------------------


def run_build(root: Path) -> dict[str, Any]:
    """Build ``root`` in this process and return what the build reported, with wall time and peak memory."""
    from generator.build import build
    from generator.project import Project

    started = time.perf_counter()
    summary = build(Project(root))
    wall = time.perf_counter() - started
    site = summary.site
    usage_self = resource.getrusage(resource.RUSAGE_SELF)
    usage_workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    own, workers = usage_self.ru_maxrss * 1024, usage_workers.ru_maxrss * 1024
    return {
        "wall_seconds": wall,
        # processor time of the build and its workers: what the build costs when the machine is shared
        "cpu_seconds": sum(u.ru_utime + u.ru_stime for u in (usage_self, usage_workers)),
        "stages": dict(summary.timings),
        "skipped": bool(getattr(summary, "skipped", False)),
        "charts_drawn": summary.charts_drawn,
        "charts_cached": summary.charts_cached,
        "pages_written": getattr(summary, "pages_written", None),
        "pages_unchanged": getattr(summary, "pages_unchanged", None),
        "organisation_pages_kept": getattr(summary, "organisation_pages_kept", None),
        "organisation_pages_rendered": getattr(summary, "organisation_pages_rendered", None),
        "organisations": summary.organisations,
        "privacy": None if summary.privacy is None else {
            "seconds": summary.privacy_seconds, "audited": summary.privacy.audited,
            "narrowest": summary.privacy.narrowest, "hidden": summary.privacy.hidden,
            "primary": summary.privacy.primary, "cached_years": list(summary.privacy_cached_years),
            "tasks": summary.privacy_tasks, "cached_tasks": summary.privacy_cached_tasks},
        "peak_memory_bytes": own,
        "peak_memory_workers_bytes": workers,
        "site": None if site is None else {
            "pages": site.pages, "files": site.files, "bytes": site.bytes,
            "largest_page": site.largest_page, "largest_page_bytes": site.largest_page_bytes,
        },
    }


#: seconds between two samples of the build's process tree
TREE_SAMPLE = 0.25


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(item) for item in text.split()]


def tree_memory(pid: int) -> int:
    """Proportional set size (bytes) of a process and all its descendants: the memory the build holds at once.

    PSS divides each page shared by forked processes among them, so the sum counts shared data once, which the
    per-process peaks (``ru_maxrss``) cannot do. Linux only; 0 where ``/proc`` has no such figures.
    """
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
        todo += _children(current)
    return total


def watch(command: list[str], *, cwd: Path = ROOT) -> tuple[float, int]:
    """Run ``command``, sampling the memory of its process tree; (wall seconds, peak PSS bytes). Raises on failure."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, text=True,
                                   env={**os.environ, "PYTHONHASHSEED": "0"})
        tree_peak = 0
        while process.poll() is None:
            sampled = time.perf_counter()
            tree_peak = max(tree_peak, tree_memory(process.pid))
            # reading a process's PSS walks its page tables: for a build of gigabytes one sample takes tens of
            # milliseconds of a core, so the pause grows with it and the sampling stays under a tenth of a core
            time.sleep(max(TREE_SAMPLE, 9 * (time.perf_counter() - sampled)))
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"Команда {command[2:4]} завершилась с ошибкой (код {process.returncode}):\n"
                             f"{errors.read()[-4000:]}")
    return time.perf_counter() - started, tree_peak


def build_in_child(root: Path) -> dict[str, Any]:
    """Run ``run_build`` in a fresh interpreter: its memory and imports are not shared with this one or earlier builds."""
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as handle:
        result_file = Path(handle.name)
    try:
        seconds, tree_peak = watch([sys.executable, str(Path(__file__).resolve()), "--build-one", str(root),
                                    "--result", str(result_file)])
        result = json.loads(result_file.read_text(encoding="utf-8"))
        result["process_seconds"] = seconds
        result["tree_memory_bytes"] = tree_peak or None
        return result
    finally:
        result_file.unlink(missing_ok=True)


def bare_mkdocs_config(root: Path, docs: Path, site_dir: Path) -> dict[str, Any]:
    """The project's MkDocs settings as plain mkdocs-material would run them: its theme without the generator's
    folder, its own search plugin, no hooks and no explicit nav (``not_in_nav`` keeps the automatic menu small)."""
    import yaml

    data = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    theme = data.get("theme") or {}
    data["theme"] = {key: value for key, value in ({"name": theme} if isinstance(theme, str) else theme).items()
                     if key != "custom_dir"}
    for key in ("hooks", "nav", "extra_css", "extra_javascript"):
        data.pop(key, None)
    plugins = data.get("plugins") or []
    if not any((plugin if isinstance(plugin, str) else next(iter(plugin), "")) in {"search", "material/search"}
               for plugin in plugins):
        plugins = [*plugins, "search"]
    data.update(plugins=plugins, docs_dir=str(docs), site_dir=str(site_dir), strict=False)
    return data


def bare_mkdocs(root: Path) -> dict[str, Any]:
    """Time bare mkdocs-material over a copy of the Markdown the full build generated (``.msoko/docs``)."""
    import yaml

    source = root / ".msoko" / "docs"
    with tempfile.TemporaryDirectory(prefix="msoko-bare-") as folder:
        work = Path(folder)
        docs = work / "docs"
        # the pages only: the charts and downloads beside them are copied by MkDocs, which is not what is measured
        shutil.copytree(source, docs, ignore=lambda _dir, names: [
            name for name in names if not name.endswith(".md") and not (Path(_dir) / name).is_dir()])
        pages = sum(1 for _ in docs.rglob("*.md"))
        config = work / "mkdocs.yml"
        config.write_text(yaml.safe_dump(bare_mkdocs_config(root, docs, work / "site"), allow_unicode=True),
                          encoding="utf-8")
        seconds, peak = watch([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], cwd=work)
    return {"wall_seconds": seconds, "tree_memory_bytes": peak, "pages": pages}


# --- the report ------------------------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    from generator import typography as ty

    return "—" if value is None else f"{ty.fmt_number(value, 1)}{ty.NBSP}с"


def _mib(value: float | None) -> str:
    from generator import typography as ty

    return "—" if value is None else f"{ty.fmt_number(value / 1024**2, 0)}{ty.NBSP}МБ"


def _kib(value: float | None) -> str:
    from generator import typography as ty

    return "—" if value is None else f"{ty.fmt_number(value / 1024, 1)}{ty.NBSP}КБ"


def peak_memory(build: dict[str, Any]) -> int:
    """The build's peak memory: the sampled peak of its whole process tree (PSS: the build, the open-data
    process and the chart workers at once, shared pages counted once) when measured, else the larger of the
    build process's and its largest worker's own peaks (``ru_maxrss``; forked workers share pages, so adding
    those would count the shared data twice)."""
    if build.get("tree_memory_bytes"):
        return max(int(build["tree_memory_bytes"]), int(build["peak_memory_bytes"]))
    return max(int(build["peak_memory_bytes"]), int(build["peak_memory_workers_bytes"]))


def target_seconds(results: dict[str, Any], key: str) -> tuple[float, str]:
    """The target of one build in seconds and how it reads: a multiple of bare MkDocs when that was measured."""
    from generator import typography as ty

    bare = (results.get("bare_mkdocs") or {}).get("wall_seconds")
    ratio = RATIO_TARGETS.get(key)
    if bare and ratio:
        return ratio * bare, f"≤{ty.NBSP}{ty.fmt_number(ratio, 0)}{ty.NBSP}× MkDocs ({_seconds(ratio * bare)})"
    return TARGETS[key], f"≤{ty.NBSP}{_seconds(TARGETS[key])}"


def ratio(results: dict[str, Any], seconds: float | None) -> str:
    """``seconds`` as a multiple of bare MkDocs' time («—» when either is missing)."""
    from generator import typography as ty

    bare = (results.get("bare_mkdocs") or {}).get("wall_seconds")
    return "—" if not bare or seconds is None else f"{ty.fmt_number(seconds / bare, 1)}{ty.NBSP}×"


def verdicts(results: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """Each target: (what, target, measured, met)."""
    from generator import typography as ty

    builds = results["builds"]
    rows = []
    for key, title in BUILDS:
        if key in builds:
            wall = builds[key]["wall_seconds"]
            limit, wording = target_seconds(results, key)
            measured = _seconds(wall) + ("" if ratio(results, wall) == "—" else f" ({ratio(results, wall)})")
            rows.append((title, wording, measured, wall <= limit))
    memory = max(peak_memory(build) for build in builds.values())
    rows.append(("Пиковая память", f"≤{ty.NBSP}2{ty.NBSP}ГиБ", _mib(memory), memory <= MEMORY_TARGET))
    largest = max((build["site"] or {}).get("largest_page_bytes", 0) for build in builds.values())
    rows.append(("Самая большая страница", f"≤{ty.NBSP}150{ty.NBSP}КБ", _kib(largest), largest <= PAGE_TARGET))
    return rows


def print_report(results: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from generator import typography as ty

    console = Console()
    scale = results["scale"]
    console.print(
        f"Синтетический регион: {ty.count_noun(scale['municipalities'], ('муниципалитет', 'муниципалитета', 'муниципалитетов'))}, "
        f"{ty.count_noun(scale['schools'], ('школа', 'школы', 'школ'))}, "
        f"{ty.count_noun(scale['kindergartens'], ('детский сад', 'детских сада', 'детских садов'))}, "
        f"{ty.count_noun(scale['years'], ('год', 'года', 'лет'))}; "
        f"строк данных: {ty.fmt_int(sum(results['rows'].values()))}; ядер: {os.cpu_count()}; "
        f"средняя загрузка машины перед замером: {ty.fmt_number(results['load_average'], 1)}.")
    builds = results["builds"]
    keys = [key for key, _ in BUILDS if key in builds]
    table = Table(title="Время сборки по этапам")
    table.add_column("Этап")
    for key, title in BUILDS:
        if key in builds:
            table.add_column(title, justify="right")
    stages: list[str] = []
    for key in keys:
        stages += [name for name in builds[key]["stages"] if name not in stages]
    for name in stages:
        table.add_row(STAGES.get(name, name), *(_seconds(builds[key]["stages"].get(name)) for key in keys))
    table.add_section()
    table.add_row("Всего (по часам сборки)", *(_seconds(builds[key]["wall_seconds"]) for key in keys))
    table.add_row("В разах от MkDocs без генератора", *(ratio(results, builds[key]["wall_seconds"]) for key in keys))
    table.add_row("Процессорное время (с рисованием)", *(_seconds(builds[key].get("cpu_seconds")) for key in keys))
    table.add_row("Пиковая память (все процессы)", *(_mib(peak_memory(builds[key])) for key in keys))
    table.add_row("Пиковая память процесса сборки", *(_mib(builds[key].get("peak_memory_bytes")) for key in keys))
    table.add_row("Пиковая память рабочего процесса", *(_mib(builds[key].get("peak_memory_workers_bytes")) for key in keys))
    table.add_row("Загрузка машины перед сборкой", *(
        "—" if builds[key].get("load_average") is None else ty.fmt_number(builds[key]["load_average"], 1) for key in keys))
    if any(builds[key].get("privacy") for key in keys):
        table.add_row("Защита малых групп: время", *(_seconds((builds[key].get("privacy") or {}).get("seconds")) for key in keys))
        table.add_row("Защита: проверено чисел / самый узкий", *(
            "—" if not builds[key].get("privacy") else
            f"{ty.fmt_int(builds[key]['privacy']['audited'])} / {builds[key]['privacy']['narrowest'] or '—'}" for key in keys))
        table.add_row("Защита: лет из кэша", *(ty.fmt_int(len((builds[key].get("privacy") or {}).get("cached_years", [])))
                                               for key in keys))
        table.add_row("Защита: решений по частям (процедура × муниципалитет × год) из кэша", *(
            "—" if not (builds[key].get("privacy") or {}).get("tasks") else
            f"{ty.fmt_int(builds[key]['privacy']['cached_tasks'])} из {ty.fmt_int(builds[key]['privacy']['tasks'])}"
            for key in keys))
    table.add_row("Диаграмм нарисовано / из кэша",
                  *(f"{ty.fmt_int(builds[key]['charts_drawn'])} / {ty.fmt_int(builds[key]['charts_cached'])}" for key in keys))
    if any(builds[key].get("pages_written") is not None for key in keys):
        table.add_row("Страниц записано / без изменений", *(
            "—" if builds[key].get("pages_written") is None
            else f"{ty.fmt_int(builds[key]['pages_written'])} / {ty.fmt_int(builds[key]['pages_unchanged'])}" for key in keys))
    if any(builds[key].get("organisation_pages_rendered") is not None for key in keys):
        table.add_row("Страниц организаций (Markdown) создано / сохранено", *(
            "—" if builds[key].get("organisation_pages_rendered") is None
            else f"{ty.fmt_int(builds[key]['organisation_pages_rendered'])} / "
                 f"{ty.fmt_int(builds[key]['organisation_pages_kept'])}" for key in keys))
    table.add_row("Страниц HTML", *(ty.fmt_int((builds[key]["site"] or {}).get("pages", 0)) for key in keys))
    table.add_row("Объём сайта", *(_mib((builds[key]["site"] or {}).get("bytes")) for key in keys))
    table.add_row("Самая большая страница", *(_kib((builds[key]["site"] or {}).get("largest_page_bytes")) for key in keys))
    console.print(table)
    bare = results.get("bare_mkdocs")
    if bare:
        console.print(f"MkDocs без генератора (mkdocs-material с его поиском, те же "
                      f"{ty.fmt_int(bare['pages'])} страниц Markdown, сразу после полной сборки): "
                      f"{_seconds(bare['wall_seconds'])}, память — {_mib(bare['tree_memory_bytes'])}.")
    largest = builds[keys[0]]["site"] or {}
    if largest:
        console.print(f"Самая большая страница: {largest['largest_page']}.")
    change = results.get("change")
    if change:
        console.print(f"Изменение перед третьей сборкой: {change['dataset']}, {change['year']} год, "
                      f"{ty.count_noun(len(change['schools']), ('школа', 'школы', 'школ'))}, "
                      f"{ty.count_noun(change['rows'], ('строка', 'строки', 'строк'))}.")
    attack = results.get("attack")
    if attack:
        console.print(f"Атака на опубликованные файлы (scripts/attack.py): проверено скрытых счётчиков — "
                      f"{ty.fmt_int(attack['audited'])}, сужено ниже ширины защиты — {ty.fmt_int(attack['narrowed'])} "
                      f"(в том числе групп меньше порога по исходным данным — {ty.fmt_int(attack['small_narrowed'])}), "
                      f"время — {ty.fmt_number(attack['seconds'], 1)}{ty.NBSP}с.")
    goals = Table(title="Цели (2 ядра)")
    goals.add_column("Что")
    goals.add_column("Цель", justify="right")
    goals.add_column("Измерено", justify="right")
    goals.add_column("Итог")
    for what, target, measured, met in verdicts(results):
        goals.add_row(what, target, measured, "[green]достигнута[/]" if met else "[red]не достигнута[/]")
    console.print(goals)


# --- the command ---------------------------------------------------------------------------------------------


def bench(scale: Any, root: Path, *, builds: tuple[str, ...] = ("full", "unchanged", "one_dataset"),
          progress: Any = print, save: Any = None) -> dict[str, Any]:
    """Generate the region into ``root`` and run the builds; returns the numbers (also what the JSON holds).

    ``save`` receives the numbers so far after each build, so that a run stopped during the attack keeps them."""
    started = time.perf_counter()
    progress("Данные синтетического региона…")
    rows = make_project(root, scale)
    results: dict[str, Any] = {
        "scale": {"municipalities": scale.municipalities, "schools": scale.schools,
                  "kindergartens": scale.kindergartens, "years": scale.years},
        "cpu_count": os.cpu_count(),
        # other work on the machine slows the builds down: the one-minute load average when the builds start
        "load_average": os.getloadavg()[0],
        "rows": rows,
        "generation_seconds": time.perf_counter() - started,
        "builds": {},
        "targets": {**TARGETS, "memory_bytes": MEMORY_TARGET, "page_bytes": PAGE_TARGET},
    }
    for key, title in BUILDS:
        if key not in builds:
            continue
        if key == "one_dataset":
            results["change"] = change_one_dataset(root)
        progress(f"{title}…")
        load = os.getloadavg()[0]
        results["builds"][key] = build_in_child(root)
        results["builds"][key]["load_average"] = load
        if key == "full":
            progress("MkDocs без генератора над теми же страницами…")
            results["bare_mkdocs"] = bare_mkdocs(root)
        if save is not None:
            save(results)
    progress("Атака на опубликованные файлы региона…")
    results["attack"] = attack_site(root / "site")
    results["verdicts"] = [{"what": what, "target": target, "measured": measured, "met": met}
                           for what, target, measured, met in verdicts(results)]
    return results


def attack_site(site: Path) -> dict[str, Any]:
    """The independent attacker (``scripts/attack.py``) over the built region's published files, timed; the narrowed
    cells that are small groups are told apart with the region's own data (as only the publisher can)."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from generator.project import Project
    from tests.privacy.attacker import attack
    from tests.privacy.test_attack_demo import small_group_cells

    started = time.perf_counter()
    report = attack(site, threshold=5)
    seconds = time.perf_counter() - started
    narrowed = [cell for cell in report.cells if cell.narrowed]
    small = small_group_cells(Project(site.parent), narrowed, 5)
    return {"audited": len(report.cells), "narrowed": len(narrowed), "small_narrowed": len(small), "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Замер сборки сайта msoko на синтетическом регионе.")
    parser.add_argument("--municipalities", type=int, default=50, help="число муниципалитетов (50)")
    parser.add_argument("--schools", type=int, default=2000, help="число школ (2 000)")
    parser.add_argument("--kindergartens", type=int, default=1000, help="число детских садов (1 000)")
    parser.add_argument("--years", type=int, default=5, help="число лет (5, последние из 2021–2025)")
    parser.add_argument("--out", type=Path, help="папка проекта региона (по умолчанию — временная)")
    parser.add_argument("--keep", action="store_true", help="не удалять папку проекта после замера")
    parser.add_argument("--json", type=Path, help="куда записать результаты в JSON (по умолчанию — bench.json в папке проекта)")
    parser.add_argument("--report", type=Path, metavar="JSON", help="только напечатать таблицу по сохранённым результатам")
    parser.add_argument("--build-one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_one:
        args.result.write_text(json.dumps(run_build(args.build_one)), encoding="utf-8")
        return 0
    if args.report:
        results = json.loads(args.report.read_text(encoding="utf-8"))
        results["verdicts"] = [{"what": what, "target": target, "measured": measured, "met": met}
                               for what, target, measured, met in verdicts(results)]
        print_report(results)
        return 0
    region = _script("make_region_data")
    scale = region.Scale(args.municipalities, args.schools, args.kindergartens, args.years)
    scale.check()
    root = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="msoko-bench-"))
    target = args.json or (root / "bench.json" if args.keep or args.out else Path(tempfile.gettempdir()) / "msoko-bench.json")

    def save(results: dict[str, Any]) -> None:
        target.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")

    try:
        results = bench(scale, root, save=save)
        print_report(results)
        save(results)
        print(f"Результаты: {target}")
    finally:
        if not args.keep and not args.out:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
