"""Year-to-year warnings: implausible jumps of shares and years missing in the middle of a series.

Both are warnings (exit code 0): a real change or a school that did not take part one year is possible,
but a typo is more likely. Jumps are computed only where both years have a group of at least
``privacy.min_group``, because small groups jump by chance. The shares checked are:
every reported ``share`` indicator of an organisation (numerator / denominator), the share of ВПР
participants who confirmed their term mark (Σ confirmed / Σ participants over grades and subjects) and the
share of ЕГЭ participants below the minimum score (Σ below_min / Σ participants over subjects).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..typography import fmt_percent, fmt_pp, school_year
from .problems import Problem, make_problem
from .structure import Table, pick

#: assessment shares watched for jumps: resource → (numerator column, denominator column, description)
ASSESSMENT_SHARES = {
    "vpr": ("confirmed", "participants", "доля участников ВПР, подтвердивших отметку"),
    "ege": ("below_min", "participants", "доля участников ЕГЭ, не набравших минимальный балл"),
}
#: tables in which every organisation is expected every year once it has appeared
SERIES = ("ege", "oge", "vpr", "graduation", "organisation_values")


def _jumps(frame: pd.DataFrame, keys: list[str], min_group: int, threshold: float) -> pd.DataFrame:
    """Rows (with ``share``, ``previous``, ``change``) where a share moved by more than ``threshold`` п. п."""
    frame = frame[frame["denominator"] >= min_group].copy()
    frame["share"] = 100 * frame["numerator"] / frame["denominator"]
    before = frame[keys + ["year", "share"]].copy()
    before["year"] = before["year"] + 1
    merged = frame.merge(before.rename(columns={"share": "previous"}), on=keys + ["year"], how="inner")
    merged["change"] = merged["share"] - merged["previous"]
    return merged[(merged["change"].abs() > threshold).fillna(False)]


def check_jumps(tables: dict[str, Table | None], min_group: int, threshold: float) -> list[Problem]:
    problems: list[Problem] = []
    reported = pick(tables, "organisation_values", "indicator", "org_id", "year", "numerator", "denominator")
    catalogue = pick(tables, "indicators", "code", "aggregation", "short_name")
    if reported is not None and catalogue is not None:
        shares = set(catalogue.typed.loc[catalogue.typed["aggregation"] == "share", "code"].dropna())
        names = catalogue.typed.drop_duplicates("code").set_index("code")["short_name"]
        frame = reported.typed[reported.typed["indicator"].isin(shares)].dropna(subset=["year", "numerator", "denominator"])
        frame = frame.reset_index(names="row")
        for item in _jumps(frame, ["indicator", "org_id"], min_group, threshold).itertuples():
            what = f"доля «{names.get(item.indicator, item.indicator)}» ({item.indicator}) у организации «{item.org_id}»"
            problems.append(_jump(reported, int(item.row), "value", what, item))
    for name, (numerator, denominator, what) in ASSESSMENT_SHARES.items():
        table = pick(tables, name, "org_id", "year", numerator, denominator)
        if table is None:
            continue
        frame = table.typed.dropna(subset=["org_id", "year"])
        # an organisation-year with a broken count is left out rather than summed without it
        incomplete = frame[frame[[numerator, denominator]].isna().any(axis=1)][["org_id", "year"]].drop_duplicates()
        sums = frame.groupby(["org_id", "year"], as_index=False)[[numerator, denominator]].sum()
        sums = sums.merge(incomplete, how="left", indicator=True)
        sums = sums[sums["_merge"] == "left_only"].drop(columns="_merge")
        sums = sums.rename(columns={numerator: "numerator", denominator: "denominator"})
        for item in _jumps(sums, ["org_id"], min_group, threshold).itertuples():
            problems.append(_jump(table, None, numerator, f"{what}, у организации «{item.org_id}»", item))
    return problems


def _jump(table: Table, row: int | None, column: str, what: str, item) -> Problem:
    detail = (
        f"{what} изменилась с {fmt_percent(item.previous)} в {school_year(int(item.year) - 1)} "
        f"до {fmt_percent(item.share)} в {school_year(int(item.year))} учебном году ({fmt_pp(item.change)})"
    )
    return make_problem(
        "jump", file=table.file, row=row, column=column, column_title=table.title(column),
        value=fmt_pp(item.change), detail=detail,
    )


def check_missing_years(tables: dict[str, Table | None]) -> list[Problem]:
    problems: list[Problem] = []
    for name in SERIES:
        table = pick(tables, name, "org_id", "year")
        if table is None:
            continue
        frame = table.typed[["org_id", "year"]].dropna().drop_duplicates()
        frame = pd.DataFrame({"org_id": frame["org_id"].astype(str).to_numpy(), "year": frame["year"].astype(int).to_numpy()})
        all_years = sorted(set(frame["year"]))
        # an organisation has a gap when it reports fewer years than the data hold between its first and last:
        # counted for all at once, so that only those with gaps are looked at one by one (a region has thousands)
        spans = frame.groupby("org_id", sort=True)["year"].agg(["min", "max", "nunique"])
        position = np.searchsorted(all_years, spans["max"], side="right") - np.searchsorted(all_years, spans["min"])
        gapped = set(spans.index[spans["nunique"].to_numpy() < position])
        for org, years in frame[frame["org_id"].isin(gapped)].groupby("org_id", sort=True)["year"]:
            present = set(years)
            gaps = sorted(y for y in all_years if min(present) < y < max(present) and y not in present)
            if gaps:
                shown = ", ".join(school_year(y) for y in gaps) + (" учебный год" if len(gaps) == 1 else " учебные годы")
                problems.append(make_problem(
                    "missing-year", file=table.file, column="org_id", column_title=table.title("org_id"), value=org, years=shown,
                ))
    return problems
