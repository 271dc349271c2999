"""Signals of non-objective results per school and year (План повышения объективности, domain §5).

Each signal compares a school with its municipality on the *unsuppressed* values and is checked only where the
school's group is at least ``privacy.min_group``; the thresholds live in ``objectivity`` of the configuration:

- ``vpr_confirmation`` — ВПР confirmed term marks (1.22) ≤ municipal − ``confirmed_gap_pp``;
- ``vpr_raised`` — ВПР mark above the term mark (1.24) ≥ municipal + ``raised_gap_pp``;
- ``vpr_vs_gia`` — ВПР quality (1.21) ≥ base + ``vpr_above_pp`` while ОГЭ quality (1.17) ≤ base +
  ``gia_margin_pp``; not checked for the types in ``exclude_types`` (gymnasiums and lyceums with advanced study).
  The base is the region, as in the federal criteria (``vpr_vs_gia_base: region``) — the region computed from
  the project's municipalities, else the region's reference values — when the region has both values of the
  year; else (and always with ``municipality``) the municipality; ``vpr_vs_gia_base`` in the table says which;
- ``medalists`` — medalist non-confirmation index (1.25) ≥ ``medalist_index``.

The published table shows the school's values only as they are published in ``Results.values`` (a suppressed
value stays hidden here too); the list «в зоне риска» is everything with at least ``min_signals`` signals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import Config
from ..load import Dataset
from .references import reference_values, regional_reference

SIGNALS = ("vpr_confirmation", "vpr_raised", "vpr_vs_gia", "medalists")
#: indicator used by each value column of the signals table
USED = {"confirmed": "1.22", "raised": "1.24", "vpr_quality": "1.21", "oge_quality": "1.17", "medalist_index": "1.25"}


def _wide(values: pd.DataFrame, entity_type: str, column: str) -> pd.DataFrame:
    rows = values[(values["entity_type"] == entity_type) & values["indicator"].isin(USED.values())]
    return rows.pivot_table(index=["entity_id", "year"], columns="indicator", values=column, aggfunc="first")


def signals(dataset: Dataset, internal: pd.DataFrame, published: pd.DataFrame, config: Config) -> pd.DataFrame:
    """The signals table: ``org_id, year, oktmo``, the values used (published only), one column per signal
    (True/False, <NA> when the school could not be checked), ``signals`` and ``signal_names``."""
    rules = config.objectivity
    min_group = config.privacy.min_group
    schools = dataset["organisations"]
    schools = schools[schools["kind"] == "school"].set_index("org_id")
    value = _wide(internal, "organisation", "value")
    size = _wide(internal, "organisation", "denominator")
    muni = _wide(internal, "municipality", "value")
    shown = _wide(published, "organisation", "value")
    for frame in (value, size, muni, shown):
        for code in USED.values():
            if code not in frame:
                frame[code] = np.nan
    value = value[value.index.get_level_values("entity_id").isin(schools.index)]
    if value.empty:
        return pd.DataFrame(columns=["org_id", "year", "oktmo", *USED, *[f"{k}_municipal" for k in USED], *SIGNALS,
                                     "signals", "signal_names", "vpr_vs_gia_base"])
    org_ids = value.index.get_level_values("entity_id")
    years = value.index.get_level_values("year")
    oktmo = schools["oktmo"].reindex(org_ids).to_numpy()
    muni_rows = muni.reindex(pd.MultiIndex.from_arrays([oktmo, years]))
    muni_rows.index = value.index
    size = size.reindex(value.index)
    big = size.astype(float) >= min_group

    def check(code: str, test: pd.Series) -> pd.Series:
        return check_against(code, muni_rows[code], test)

    def check_against(code: str, against: pd.Series, test: pd.Series) -> pd.Series:
        known = big[code] & value[code].notna() & against.notna()
        return pd.Series(test.where(known).astype("boolean"), index=value.index)

    out = pd.DataFrame(index=value.index)
    out["vpr_confirmation"] = check("1.22", value["1.22"] <= muni_rows["1.22"] - rules.confirmed_gap_pp)
    out["vpr_raised"] = check("1.24", value["1.24"] >= muni_rows["1.24"] + rules.raised_gap_pp)
    # the federal criteria compare a school's ВПР with the region: the region's value where the project has it
    # (computed from its municipalities, or a published reference value), the municipality's otherwise
    base = {code: muni_rows[code] for code in ("1.21", "1.17")}
    on_region = {code: pd.Series(False, index=value.index) for code in base}
    if rules.vpr_vs_gia_base == "region":
        region_of = dataset["municipalities"].set_index("oktmo")["region_code"].astype("string")
        regions = pd.Series(region_of.reindex(oktmo).to_numpy(), index=value.index)
        table = reference_values(dataset)
        regional = {}
        for code in base:
            found = {key: regional_reference(internal, table, code, None if pd.isna(key[0]) else str(key[0]), int(key[1]))
                     for key in set(zip(regions, years, strict=True))}
            regional[code] = pd.Series([(found[(r, y)] or (np.nan,))[0] for r, y in zip(regions, years, strict=True)],
                                       index=value.index, dtype=float)
        # one base for the pair: a school's ВПР against the region and its ОГЭ against the municipality would
        # compare two different things
        both = regional["1.21"].notna() & regional["1.17"].notna()
        for code in base:
            on_region[code] = both
            base[code] = regional[code].where(both, base[code].astype(float))
    vpr_high = check_against("1.21", base["1.21"], value["1.21"] >= base["1.21"] + rules.vpr_above_pp)
    gia_not_high = check_against("1.17", base["1.17"], value["1.17"] <= base["1.17"] + rules.gia_margin_pp)
    excluded = pd.Series(schools["type"].reindex(org_ids).isin(rules.exclude_types).to_numpy(), index=value.index)
    both = (vpr_high & gia_not_high).where(~excluded)
    out["vpr_vs_gia"] = both.astype("boolean")
    medal_known = big["1.25"] & value["1.25"].notna()
    out["medalists"] = (value["1.25"] >= rules.medalist_index).where(medal_known).astype("boolean")
    flags = out[list(SIGNALS)].fillna(False).astype(bool)
    out["signals"] = flags.sum(axis=1).astype("Int64")
    names = pd.Series("", index=out.index, dtype="string")
    for name in SIGNALS:
        names = names + np.where(flags[name], name + ",", "")
    out["signal_names"] = names.str.rstrip(",")
    shown = shown.reindex(value.index)
    for column, code in USED.items():
        out[column] = shown[code].astype("Float64")
        out[f"{column}_municipal"] = muni_rows[code].astype("Float64")
    out["vpr_vs_gia_base"] = pd.array(np.where(on_region["1.21"], "region", "municipality"), dtype="string")
    out = out.reset_index().rename(columns={"entity_id": "org_id"})
    out.insert(2, "oktmo", pd.array(oktmo, dtype="string"))
    out["year"] = out["year"].astype("Int64")
    columns = ["org_id", "year", "oktmo", *USED, *[f"{k}_municipal" for k in USED], *SIGNALS, "signals", "signal_names",
               "vpr_vs_gia_base"]
    return out[columns].sort_values(["year", "org_id"]).reset_index(drop=True)


#: the data each signal needs (for «not checked: no data of …», never a silent 0)
NEEDS = {
    "vpr_confirmation": "ВПР со сравнением с отметками в журнале (показатель 1.22)",
    "vpr_raised": "ВПР со сравнением с отметками в журнале (показатель 1.24)",
    "vpr_vs_gia": "качество знаний по ВПР и по ОГЭ (показатели 1.21 и 1.17)",
    "medalists": "ЕГЭ медалистов (показатель 1.25)",
}


def coverage(table: pd.DataFrame) -> pd.DataFrame:
    """Per year and signal: how many schools could be checked, how many could not, and what a signal that
    checked none of them lacks (``needs``, empty when some school was checked): «cannot be computed» is
    reported as such, not as «0 schools with the signal»."""
    rows = []
    if not table.empty:
        for year, group in table.groupby("year", sort=True):
            for signal in SIGNALS:
                checked = int(group[signal].notna().sum())
                rows.append({"year": int(year), "signal": signal, "checked": checked,
                             "unchecked": len(group) - checked, "needs": "" if checked else NEEDS[signal]})
    frame = pd.DataFrame(rows, columns=["year", "signal", "checked", "unchecked", "needs"])
    frame["year"] = frame["year"].astype("Int64")
    return frame


def risk_list(table: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Schools «в зоне риска»: at least ``objectivity.min_signals`` signals in the year."""
    chosen = table[table["signals"] >= config.objectivity.min_signals]
    return chosen[["org_id", "year", "signals", "signal_names"]].reset_index(drop=True)
