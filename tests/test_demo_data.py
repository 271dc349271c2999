"""The embedded demonstration data: reproducible, consistent, realistic, and flagging exactly the designed schools.

Every expectation here is computed from the CSV files with pandas, independently of the generator's own code;
only the designed lists (``DESIGNED_SHNOR``, ``DESIGNED_RISK``) are imported from the script.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "make_demo_data.py"
PACKAGES = ROOT / "datapackages"
DEMO_PACKAGES = ("registry", "assessments", "monitoring")
MIN_GROUP = 5


def load_script():
    spec = importlib.util.spec_from_file_location("make_demo_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


demo = load_script()


def csv_files(root: Path) -> dict[str, bytes]:
    """The generated files: every package's CSV and the registry's boundaries for the map."""
    return {str(p.relative_to(root)): p.read_bytes() for package in DEMO_PACKAGES for p in sorted((root / package).glob("*.csv"))
            } | {"registry/boundaries.geojson": (root / "registry" / "boundaries.geojson").read_bytes()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """One run of the script into a temporary folder."""
    out = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "PYTHONHASHSEED": "1"}
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True, capture_output=True, env=env)
    return out


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    """The committed tables, as pandas reads them (codes kept as strings)."""
    tables = {}
    for package in DEMO_PACKAGES:
        for path in (PACKAGES / package).glob("*.csv"):
            tables[path.stem] = pd.read_csv(path, dtype={"oktmo": str, "inn": str, "ogrn": str, "kpp": str,
                                                           "indicator": str, "region_code": str})
    tables["catalogue"] = pd.read_csv(PACKAGES / "indicators" / "indicators.csv", dtype={"code": str})
    return tables


# ---------------------------------------------------------------------------------------------- reproducibility


def test_two_runs_give_identical_bytes(fresh, tmp_path):
    env = {**os.environ, "PYTHONHASHSEED": "2"}  # a different hash seed: no set order may leak into the files
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, capture_output=True, env=env)
    first, second = csv_files(fresh), csv_files(tmp_path)
    assert len(first) == 16  # with the boundaries, the territories, their organisations, the reference values and the former names
    assert first == second


def test_committed_files_equal_a_fresh_run(fresh):
    assert csv_files(PACKAGES) == csv_files(fresh)


def test_files_follow_their_schemas():
    """UTF-8, LF line ends, the schema's columns in order, rows sorted by a unique primary key."""
    for package in DEMO_PACKAGES:
        descriptor = json.loads((PACKAGES / package / "datapackage.json").read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            raw = (PACKAGES / package / resource["path"]).read_bytes()
            assert b"\r" not in raw and raw.endswith(b"\n")
            rows = list(csv.reader(raw.decode("utf-8").splitlines()))
            fields = resource["schema"]["fields"]
            assert rows[0] == [f["name"] for f in fields], resource["name"]
            assert len(rows) > 1, resource["name"]
            key = resource["schema"]["primaryKey"]
            kinds = {f["name"]: f["type"] for f in fields}
            index = [rows[0].index(k) for k in key]
            keys = [tuple(int(r[i]) if kinds[key[n]] == "integer" else r[i] for n, i in enumerate(index)) for r in rows[1:]]
            assert keys == sorted(keys) and len(set(keys)) == len(keys), resource["name"]


def test_frictionless_finds_no_error_within_each_package():
    """Types, patterns, enums, ranges and in-package keys (cross-package references are the validator's job)."""
    from frictionless import Package

    for package in DEMO_PACKAGES:
        descriptor = json.loads((PACKAGES / package / "datapackage.json").read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            schema = resource["schema"]
            schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", []) if "package" not in fk["reference"]]
        report = Package(descriptor, basepath=str(PACKAGES / package)).validate()
        assert report.valid, [e.message for task in report.tasks for e in task.errors][:5]


# ---------------------------------------------------------------------------------------------- registry


def inn_ok(inn: str) -> bool:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return len(inn) == 10 and int(inn[9]) == sum(int(d) * w for d, w in zip(inn, weights, strict=False)) % 11 % 10


def ogrn_ok(ogrn: str) -> bool:
    return len(ogrn) == 13 and int(ogrn[12]) == int(ogrn[:12]) % 11 % 10


def test_registry_describes_the_demonstration_municipality(t):
    municipalities, orgs = t["municipalities"], t["organisations"]
    assert len(municipalities) == 1 and "Демонстрационный" in municipalities.loc[0, "name"]
    assert municipalities.loc[0, "region"] == "Демонстрационная область"
    kinds = orgs["kind"].value_counts().to_dict()
    assert kinds == {"school": 22, "kindergarten": 12, "additional": 2}
    assert (orgs["oktmo"] == municipalities.loc[0, "oktmo"]).all()
    assert orgs["full_name"].str.contains("Демонстрационного муниципального округа").all()
    assert orgs["address"].str.contains("Демонстрационная область, Демонстрационный муниципальный округ").all()
    assert orgs["website"].str.fullmatch(r"https://[a-z0-9-]+\.example\.org/").all()
    assert orgs.apply(lambda r: inn_ok(r["inn"]) and ogrn_ok(r["ogrn"]), axis=1).all()
    assert orgs["inn"].is_unique and orgs["ogrn"].is_unique
    for name in pd.concat([orgs["full_name"], orgs["short_name"]]):
        assert '"' not in name and name.count("«") == name.count("»") and name.count("„") == name.count("“"), name
    schools = orgs[orgs["kind"] == "school"]
    assert set(schools["locality"]) == {"urban", "rural"}
    assert set(schools["type"]) >= {"secondary", "basic", "gymnasium", "lyceum"}


def test_statuses_match_the_designed_list(t):
    statuses = t["statuses"]
    shnor = statuses[statuses["status"] == "shnor"].groupby("year")["org_id"].apply(frozenset).to_dict()
    assert shnor == demo.DESIGNED_SHNOR
    shfnsu = statuses[statuses["status"] == "shfnsu"]
    rural = set(t["organisations"].query("locality == 'rural'")["org_id"])
    assert set(shfnsu["org_id"]) <= rural and shfnsu["org_id"].nunique() == 2
    assert statuses["basis"].str.startswith("Приказ управления образования от ").all()


# ---------------------------------------------------------------------------------------------- consistency


def test_mark_and_comparison_counts_sum_to_participants(t):
    for name in ("oge", "vpr"):
        table = t[name]
        assert (table[["mark2", "mark3", "mark4", "mark5"]].sum(axis=1) == table["participants"]).all()
        assert (table["participants"] > 0).all()
    vpr = t["vpr"]
    assert (vpr[["lowered", "confirmed", "raised"]].sum(axis=1) == vpr["participants"]).all()
    # a ВПР mark above the term mark is at least «3», one below it at most «4»
    assert (vpr["raised"] <= vpr["participants"] - vpr["mark2"]).all()
    assert (vpr["lowered"] <= vpr["participants"] - vpr["mark5"]).all()


def test_ege_counts_are_ordered_and_fit_the_mean(t):
    ege = t["ege"].merge(t["subjects"], left_on="subject", right_on="code")
    assert (ege["participants"] >= ege["ge70"]).all()
    assert ((ege["ge70"] >= ege["ge80"]) & (ege["ge80"] >= ege["ge90"]) & (ege["ge90"] >= ege["score100"])).all()
    assert (ege["below_min"] + ege["ge70"] <= ege["participants"]).all()
    assert ((ege["medalists_not_confirmed"] <= ege["medalists"]) & (ege["medalists"] <= ege["participants"])).all()
    assert (ege["medalists_not_confirmed"] <= ege["participants"] - ege["ge70"]).all()
    # the sum of scores lies between what the counts allow (each band at its lowest / highest score)
    n, m = ege["participants"], ege["ege_min_score"]
    middle = n - ege["below_min"] - ege["ge70"]
    bands = [ege["ge70"] - ege["ge80"], ege["ge80"] - ege["ge90"], ege["ge90"] - ege["score100"], ege["score100"]]
    low = m * middle + 70 * bands[0] + 80 * bands[1] + 90 * bands[2] + 100 * bands[3]
    high = (m - 1) * ege["below_min"] + 69 * middle + 79 * bands[0] + 89 * bands[1] + 99 * bands[2] + 100 * bands[3]
    total = ege["mean_score"] * n
    assert ((total >= low - 0.05 * n) & (total <= high + 0.05 * n)).all()


def test_graduation_is_consistent_with_exams(t):
    grad = t["graduation"]
    assert (grad["admitted"] <= grad["graduates"]).all() and (grad["certified"] <= grad["admitted"]).all()
    assert (grad["with_honours"] <= grad["certified"]).all()
    assert (grad.loc[grad["grade"] == 9, "medalists"] == 0).all()
    assert (grad["graduates"] - grad["certified"] <= (0.15 * grad["graduates"]).clip(lower=4)).all()
    assert grad["certified"].sum() >= 0.97 * grad["graduates"].sum()
    g11 = grad[grad["grade"] == 11].set_index(["org_id", "year"])
    rus = t["ege"][t["ege"]["subject"] == "rus"].set_index(["org_id", "year"])
    assert set(g11.index) == set(rus.index)
    assert (rus["participants"] <= g11["admitted"].reindex(rus.index)).all()
    assert (rus["medalists"] == g11["medalists"].reindex(rus.index)).all()
    g9 = grad[grad["grade"] == 9].set_index(["org_id", "year"])
    oge_rus = t["oge"][t["oge"]["subject"] == "rus"].set_index(["org_id", "year"])
    assert (oge_rus["participants"] <= g9["admitted"].reindex(oge_rus.index)).all()
    # each ОГЭ participant sits Russian, mathematics and two electives
    per_school = t["oge"].groupby(["org_id", "year"])["participants"].sum()
    assert (per_school == 4 * oge_rus["participants"].reindex(per_school.index)).all()


def test_school_sizes_and_groups(t):
    grad = t["graduation"]
    schools = set(t["organisations"].query("kind == 'school'")["org_id"])
    assert set(grad["org_id"]) == schools
    assert grad[grad["grade"] == 11]["org_id"].nunique() == 16
    pupils = t["organisation_values"].query("indicator == '1.31'").set_index(["org_id", "year"])["numerator"]
    assert pupils.min() < 90 and pupils.max() > 1100
    grads = grad.groupby(["org_id", "year"])["graduates"].sum()
    # pupils counted at the start of the year cover the graduates and the largest ВПР group of grades 4–8
    vpr = t["vpr"][t["vpr"]["grade"] <= 8]
    writers = vpr.groupby(["org_id", "year", "grade"])["participants"].max().groupby(["org_id", "year"]).sum()
    assert (pupils.reindex(grads.index) >= grads + writers.reindex(grads.index)).all()
    # the ranking metrics are never suppressed, while small groups exist elsewhere
    assert t["ege"].query("subject == 'rus'")["participants"].min() >= MIN_GROUP
    assert t["oge"].query("subject == 'rus'")["participants"].min() >= MIN_GROUP
    assert (t["oge"]["participants"] < MIN_GROUP).any() and (t["vpr"]["participants"] < MIN_GROUP).any()


def test_olympiad_stages_narrow_down(t):
    ol = t["olympiad"]
    assert (ol["winners"] + ol["prize_winners"] <= ol["participants"]).all()
    totals = ol.groupby(["year", "stage"])["participants"].sum().unstack(fill_value=0)
    assert (totals["school"] > 4 * totals["municipal"]).all()
    assert (totals["municipal"] > 4 * totals["regional"]).all()
    assert totals["final"].sum() <= 5


# ---------------------------------------------------------------------------------------------- realism


def municipal_share(table: pd.DataFrame, numerator: str | list[str], by: str = "year") -> pd.Series:
    cols = [numerator] if isinstance(numerator, str) else numerator
    grouped = table.groupby(by)
    return 100 * grouped[cols].sum().sum(axis=1) / grouped["participants"].sum()


def test_distributions_are_realistic(t):
    ege, oge, vpr = t["ege"], t["oge"], t["vpr"]
    rus = ege[ege["subject"] == "rus"]
    mean_rus = (rus["mean_score"] * rus["participants"]).groupby(rus["year"]).sum() / rus.groupby("year")["participants"].sum()
    assert mean_rus.between(65, 75).all(), mean_rus.to_dict()
    assert municipal_share(ege, "below_min").between(0.5, 6).all()
    assert municipal_share(rus, "ge70").between(30, 50).all()
    math_ = ege[ege["subject"] == "math"]
    mean_math = (math_["mean_score"] * math_["participants"]).groupby(math_["year"]).sum() / math_.groupby("year")["participants"].sum()
    assert mean_math.between(52, 66).all()
    assert municipal_share(oge, "mark2").between(1, 8).all()
    assert (municipal_share(oge, ["mark3", "mark4"]) > 70).all()
    assert municipal_share(vpr, "confirmed").between(65, 80).all()
    assert set(vpr["grade"]) == {4, 5, 6, 7, 8, 10, 11}


# ---------------------------------------------------------------------------------------------- monitoring


def test_reported_indicators_are_complete_and_consistent(t):
    catalogue = t["catalogue"].set_index("code")
    reported = catalogue[catalogue["method"] == "reported"]
    for name, level in (("organisation_values", "organisation"), ("municipality_values", "municipality")):
        values = t[name].merge(catalogue[["aggregation", "level", "method"]], left_on="indicator", right_index=True)
        assert set(values["indicator"]) == set(reported.index[reported["level"] == level])
        assert values.groupby("indicator")["year"].nunique().min() >= 4
        assert (values["method"] == "reported").all() and (values["level"] == level).all()
        share, ratio, total = (values[values["aggregation"] == a] for a in ("share", "ratio", "sum"))
        assert (share["numerator"] <= share["denominator"]).all()
        assert ((share["value"] - 100 * share["numerator"] / share["denominator"]).abs() <= 0.05 + 1e-9).all()
        assert ((ratio["value"] - ratio["numerator"] / ratio["denominator"]).abs() <= 0.05 + 1e-9).all()
        assert total["denominator"].isna().all() and (total["value"] == total["numerator"]).all()
    org_values = t["organisation_values"].merge(t["organisations"][["org_id", "kind"]], on="org_id")
    org_values = org_values.merge(catalogue[["applies_to"]], left_on="indicator", right_index=True)
    assert org_values.apply(lambda r: r["kind"] in r["applies_to"].split("|"), axis=1).all()
    flags = org_values[org_values["indicator"].isin(["8.01", "8.02", "8.07"])]
    assert set(flags["numerator"]) <= {0, 1} and (flags["denominator"] == 1).all()


# ---------------------------------------------------------------------------------------------- designed schools


def per_school(table: pd.DataFrame, numerator: pd.Series, denominator: pd.Series, scale: float) -> pd.DataFrame:
    frame = pd.DataFrame({"org_id": table["org_id"], "year": table["year"], "num": numerator, "den": denominator})
    sums = frame.groupby(["year", "org_id"])[["num", "den"]].sum()
    return sums.assign(value=scale * sums["num"] / sums["den"])


def metrics(t) -> dict[str, pd.DataFrame]:
    ege, oge, vpr = t["ege"], t["oge"], t["vpr"]
    rus = ege[ege["subject"] == "rus"]
    return {
        "1.07": per_school(rus, rus["mean_score"] * rus["participants"], rus["participants"], 1),
        "1.17": per_school(oge, oge["mark4"] + oge["mark5"], oge["participants"], 100),
        "1.18": per_school(oge, 2 * oge["mark2"] + 3 * oge["mark3"] + 4 * oge["mark4"] + 5 * oge["mark5"], oge["participants"], 1),
        "1.20": per_school(vpr, vpr["mark3"] + vpr["mark4"] + vpr["mark5"], vpr["participants"], 100),
        "1.21": per_school(vpr, vpr["mark4"] + vpr["mark5"], vpr["participants"], 100),
        "1.22": per_school(vpr, vpr["confirmed"], vpr["participants"], 100),
        "1.24": per_school(vpr, vpr["raised"], vpr["participants"], 100),
        "1.25": per_school(ege, ege["medalists_not_confirmed"], ege["medalists"], 100),
    }


def municipal(m: pd.DataFrame, year: int, scale: float = 100) -> float:
    sums = m.loc[year][["num", "den"]].sum()
    return scale * sums["num"] / sums["den"]


def test_shnor_rule_identifies_exactly_the_designed_schools(t):
    m = metrics(t)
    low_in_year: dict[int, set[str]] = {}
    for year in sorted(t["ege"]["year"].unique()):
        count: dict[str, int] = {}
        for code in ("1.07", "1.18", "1.20"):
            values = m[code].loc[year]
            values = values[values["den"] >= MIN_GROUP]["value"]
            k = math.ceil(round(0.1 * len(values), 9))
            boundary = values.sort_values().iloc[k - 1]
            for org in values[values <= boundary].index:
                count[org] = count.get(org, 0) + 1
        low_in_year[year] = {org for org, n in count.items() if n >= 2}
    identified = {year: frozenset(low_in_year[year] & low_in_year[year - 1]) for year in low_in_year if year - 1 in low_in_year}
    assert identified == demo.DESIGNED_SHNOR


def test_designed_low_schools_are_clearly_below_all_others(t):
    m = metrics(t)
    for year in range(2021, 2026):
        low = demo.DESIGNED_SHNOR.get(year, demo.DESIGNED_SHNOR[2022])  # 2021: the same schools as 2022
        for code, margin in (("1.07", 5.0), ("1.18", 0.15), ("1.20", 5.0)):
            values = m[code].loc[year]["value"]
            designed = values[values.index.isin(low)]
            others = values[~values.index.isin(low)]
            assert designed.max() + margin <= others.min(), (year, code)
    # the improving basic school is not among the bottom three in 2025 in either procedure
    for code in ("1.18", "1.20"):
        values = m[code].loc[2025]["value"].sort_values()
        assert "sch-18" in values.index and "sch-18" not in values.index[:3]


def test_objectivity_signals_flag_exactly_the_designed_schools(t):
    m = metrics(t)
    types = t["organisations"].set_index("org_id")["type"]
    for year in range(2021, 2026):
        found: dict[str, set[str]] = {}

        def usable(code: str, year: int = year) -> pd.Series:
            frame = m[code].loc[year]
            return frame[frame["den"] >= MIN_GROUP]["value"]

        for org, value in usable("1.22").items():
            if value <= municipal(m["1.22"], year) - 15:
                found.setdefault(org, set()).add("vpr_confirmation")
        for org, value in usable("1.24").items():
            if value >= municipal(m["1.24"], year) + 10:
                found.setdefault(org, set()).add("vpr_raised")
        oge_quality = usable("1.17")
        for org, value in usable("1.21").items():
            if types[org] in ("gymnasium", "lyceum") or org not in oge_quality:
                continue
            if value >= municipal(m["1.21"], year) + 15 and oge_quality[org] <= municipal(m["1.17"], year) + 5:
                found.setdefault(org, set()).add("vpr_vs_gia")
        for org, value in usable("1.25").items():
            if value >= 20:
                found.setdefault(org, set()).add("medalists")
        assert {org: frozenset(s) for org, s in found.items()} == demo.DESIGNED_RISK, year
