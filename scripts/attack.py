"""Attack a built site's open data: for every hidden count, the interval a reader can prove from what is published.

This is the independent check of small-group suppression (``tests/privacy/attacker.py``; it reads only the
published files and imports nothing from ``generator``). It prints a summary in Russian and exits with 1 when some
hidden count is narrowed below the protection width (fewer than ``--threshold`` whole numbers possible).

    .venv/bin/python scripts/attack.py SITE_DIR [--threshold 5] [--json OUT] [--no-versions] [--project DIR]

A secondary cell (hidden to protect a small group, itself a large group) may be narrow without harm. The attack
cannot tell the two apart from the published files; the publisher can: with ``--project`` the verdict is on the
small groups of that project's source data.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from privacy.attacker import MECHANISMS, AttackReport, HiddenCell, attack, small_groups  # noqa: E402

EXAMPLES = 3
NARROWEST = 10


def plural(count: int, one: str, few: str, many: str) -> str:
    """``1 ячейка``, ``3 ячейки``, ``5 ячеек``."""
    tail = count % 100
    if 11 <= tail <= 14:
        word = many
    elif count % 10 == 1:
        word = one
    elif 2 <= count % 10 <= 4:
        word = few
    else:
        word = many
    return f"{count} {word}"


def cells(count: int) -> str:
    return plural(count, "ячейка", "ячейки", "ячеек")


def rows(count: int) -> str:
    return plural(count, "строке", "строках", "строках")


def narrowest(report: AttackReport) -> list[HiddenCell]:
    """The tightest intervals first; among equals the sizes of groups (participants) first — they say the most."""
    groups = {"participants", "denominator", "medalists", "graduates"}
    return sorted(report.narrowed, key=lambda cell: (cell.whole_numbers, cell.column not in groups, cell.dataset,
                                                     cell.key, cell.column))[:NARROWEST]


def summary(report: AttackReport, small: list[HiddenCell] | None = None) -> str:
    """The Russian summary printed by the command."""
    narrowed, exact = report.narrowed, report.exact
    width = report.threshold
    lines = [
        f"Атака на открытые данные сайта {report.site} (ширина защиты — {width} значений)",
        f"Проверено скрытых счётчиков: {cells(len(report.cells))} "
        f"в {rows(len({cell.row for cell in report.cells}))}.",
        f"Сужено до менее чем {width} возможных целых значений: {cells(len(narrowed))} в {rows(report.narrowed_rows)}; "
        f"из них определено точно: {cells(len(exact))} в {rows(report.exact_rows)}.",
    ]
    if narrowed:
        lines += ["", "Самые узкие интервалы:"]
        lines += [f"  {cell.describe()}  — {MECHANISMS.get(cell.mechanism, cell.mechanism)}"
                  for cell in narrowest(report)]
        lines += ["", "По механизмам (главный механизм доказательства):"]
        for name, group in report.by_mechanism().items():
            exact_here = sum(cell.exact for cell in group)
            lines.append(f"  {MECHANISMS.get(name, name)}: {cells(len(group))}, точно — {exact_here}")
            examples = sorted(group, key=lambda cell: (cell.whole_numbers, cell.column != "participants"))[:EXAMPLES]
            lines += [f"      например, {cell.describe()}" for cell in examples]
    if report.small_counts:
        lines += ["", f"{MECHANISMS['small_count'].capitalize()} (0…{width - 1} человек без знаменателя или малая "
                      f"группа в исходной таблице): {len(report.small_counts)}"]
        lines += [f"      например, {item.describe()}" for item in report.small_counts[:EXAMPLES]]
    if report.identities:
        lines += ["", "Тождества между наборами, найденные по опубликованным строкам:"]
        lines += [f"  {item}" for item in report.identities]
    if report.dropped:
        lines += ["", "Не использованы (нарушаются в опубликованных данных):"]
        lines += [f"  {family}: {count}" for family, count in report.dropped.items()]
    for title, items in (("Противоречия между опубликованными значениями", report.conflicts),
                         ("Противоречивые компоненты", report.infeasible)):
        if items:
            lines += ["", f"{title}: {len(items)}"] + [f"  {item}" for item in items[:EXAMPLES]]
    stats = report.stats
    solves = plural(int(stats.get("lp_solves", 0)), "решение", "решения", "решений")
    components = plural(int(stats.get("components", 0)), "компоненте", "компонентах", "компонентах")
    largest = plural(int(stats.get("largest_component", 0)), "ограничение", "ограничения", "ограничений")
    lines += ["", f"Время: {stats.get('seconds', 0):.1f} с (модель — {stats.get('build_seconds', 0):.1f} с; "
                  f"{solves} ЛП в {components}, в наибольшей — {largest})."]
    if small is None:
        lines.append("Итог: " + ("скрытые значения защищены." if report.ok else
                                 "защита малых групп не выдерживает атаки."))
    else:
        lines.append(f"Малых групп (1…{width - 1} человек, по данным проекта) среди суженных: {cells(len(small))}; "
                     "остальные суженные — ячейки, скрытые для защиты малых групп, сами не малые.")
        lines += [f"      например, {cell.describe()}" for cell in small[:EXAMPLES]]
        lines.append("Итог: " + ("малые группы защищены." if not small else
                                 "защита малых групп не выдерживает атаки."))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Атака на открытые данные собранного сайта: что можно доказать "
                                                 "о каждом скрытом значении.")
    parser.add_argument("site", type=Path, help="папка собранного сайта (с data/)")
    parser.add_argument("--threshold", type=int, default=5, help="ширина защиты: наименьшая показываемая группа")
    parser.add_argument("--json", type=Path, help="записать полный отчёт в JSON")
    parser.add_argument("--project", type=Path, help="папка проекта: итог — по малым группам его исходных данных "
                                                      "(их знает только публикующий)")
    parser.add_argument("--no-versions", action="store_true", help="не читать архивные версии data/versions/")
    args = parser.parse_args(argv)
    if not (args.site / "data").is_dir():
        print(f"В папке {args.site} нет открытых данных (data/).", file=sys.stderr)
        return 2
    report = attack(args.site, threshold=args.threshold, versions=not args.no_versions)
    small = None
    if args.project is not None:
        datapackages = args.project / "datapackages"
        if not datapackages.is_dir():
            print(f"В папке {args.project} нет наборов данных (datapackages/).", file=sys.stderr)
            return 2
        small = small_groups(datapackages, report.narrowed, args.threshold)
    print(summary(report, small))
    if args.json:
        args.json.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"Отчёт: {args.json}")
    return 0 if (report.ok if small is None else not small) else 1


if __name__ == "__main__":
    sys.exit(main())
