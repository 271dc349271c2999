"""Measure what one chart costs: the templated SVG of ``generator.charts`` (both layouts), its PNG for Word, and
matplotlib drawing the same chart the way the site drew it before (Figure, fixed margins, SVG with text).

    python scripts/bench_charts.py [--charts 200] [--json FILE]

Prints milliseconds per chart for each kind (trend, bars, stacked, distribution) and in all; nothing is
asserted. The charts are synthetic with a fixed seed, shaped like the site's: five school years, two to eight
series, up to eight compared indicators, histograms of 40 organisations.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.charts import PALETTE, Chart, png, svg  # noqa: E402

YEARS = ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]


def sample(kind: str, rng: random.Random, index: int) -> Chart:
    if kind == "trend":
        series = [{"name": f"Ряд {s + 1}", "values": [round(rng.uniform(40, 90), 1) for _ in YEARS]}
                  for s in range(1 + index % 3)]
        return Chart(f"t{index}.svg", "trend", "Динамика", "…", "процент", YEARS, series)
    if kind == "bars":
        labels = [f"Показатель {i + 1} с названием" for i in range(2 + index % 7)]
        series = [{"name": name, "values": [round(rng.uniform(0, 100), 1) for _ in labels]}
                  for name in ("Организация", "Муниципалитет")]
        return Chart(f"b{index}.svg", "bars", "Сравнение", "…", "процент", labels, series)
    if kind == "stacked":
        rows = []
        for _ in YEARS[:3]:
            a, b = rng.uniform(0, 30), rng.uniform(20, 50)
            rows.append((a, b, 100 - a - b))
        series = [{"name": name, "values": [row[i] for row in rows]} for i, name in enumerate(("«2»", "«3»", "«4» и «5»"))]
        return Chart(f"s{index}.svg", "stacked", "Отметки", "…", "процент", YEARS[:3], series)
    values = [round(rng.uniform(30, 95), 1) for _ in range(40)]
    return Chart(f"d{index}.svg", "distribution", "Распределение", "…", "процент", [f"Школа {i}" for i in range(40)],
                 [{"name": "2024/25", "values": values}], reference=65.0, reference_label="Муниципалитет")


def matplotlib_svg(chart: Chart) -> bytes:
    """The same chart drawn as the site drew it with matplotlib (one Figure per chart, text kept as text)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.hashsalt": "msoko", "svg.fonttype": "none", "font.family": "DejaVu Sans",
                                "font.size": 10}):
        fig = Figure(figsize=(7.2, 3.4), dpi=100)
        ax = fig.add_subplot()
        if chart.kind == "trend":
            for i, series in enumerate(chart.series):
                ax.plot(range(len(chart.labels)), series["values"], "-o", color=PALETTE[i], label=series["name"])
            ax.set_xticks(range(len(chart.labels)), chart.labels)
            ax.legend(loc="lower center", ncol=3, frameon=False)
        elif chart.kind in ("bars", "stacked"):
            left = [0.0] * len(chart.labels)
            for i, series in enumerate(chart.series):
                if chart.kind == "stacked":
                    ax.barh(range(len(chart.labels)), series["values"], left=left, color=PALETTE[i])
                    left = [a + b for a, b in zip(left, series["values"], strict=True)]
                else:
                    ax.barh([p + 0.4 * i for p in range(len(chart.labels))], series["values"], height=0.4,
                            color=PALETTE[i], label=series["name"])
            ax.set_yticks(range(len(chart.labels)), chart.labels)
        else:
            ax.hist(chart.series[0]["values"], bins=10, range=(0, 100), color=PALETTE[0])
            ax.axvline(chart.reference, color="#000000", linestyle="--")
        fig.subplots_adjust(left=0.3, right=0.96, top=0.95, bottom=0.2)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue().encode("utf-8")


def measure(draw: Callable[[Chart], object], charts: list[Chart]) -> float:
    draw(charts[0])  # imports and caches outside the measurement
    start = time.perf_counter()
    for chart in charts:
        draw(chart)
    return (time.perf_counter() - start) / len(charts) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=200, help="диаграмм каждого вида (200)")
    parser.add_argument("--json", type=Path, help="куда записать результаты в JSON")
    args = parser.parse_args()
    rng = random.Random(14)
    kinds = ("trend", "bars", "stacked", "distribution")
    sets = {kind: [sample(kind, rng, i) for i in range(args.charts)] for kind in kinds}
    methods: dict[str, Callable[[Chart], object]] = {
        "SVG, обе ширины": lambda chart: (svg(chart), svg(chart, narrow=True)),
        "SVG, широкая": svg,
        "PNG для DOCX": png,
        "matplotlib, SVG": matplotlib_svg,
    }
    results: dict[str, dict[str, float]] = {}
    for name, method in methods.items():
        count = args.charts if name != "PNG для DOCX" else max(5, args.charts // 20)
        results[name] = {kind: measure(method, sets[kind][:count]) for kind in kinds}
        results[name]["все"] = sum(results[name][kind] for kind in kinds) / len(kinds)
    print(f"{'мс на диаграмму':<18}" + "".join(f"{kind:>14}" for kind in (*kinds, "все")))
    for name, row in results.items():
        print(f"{name:<18}" + "".join(f"{row[kind]:>14.2f}".replace(".", ",") for kind in (*kinds, "все")))
    regional = 3164
    for name in ("SVG, обе ширины", "matplotlib, SVG"):
        seconds = results[name]["все"] * regional / 1000
        print(f"{regional} диаграмм регионального сайта, {name}: {seconds:.1f} с одного ядра".replace(".", ","))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
