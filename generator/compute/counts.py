"""Count indicators compared sensibly: with the median organisation and like for like, never with a total.

A school's 13 olympiad winners cannot be compared with the city's 21 265, and a city total that grows because
more schools reported is not a trend. So for every indicator that is a sum (``aggregation: sum``) and every
territory, municipality and region, per year:

- ``median`` — the median of the organisations' published values, over ``median_organisations`` of them;
- ``per_100`` — for counts of pupils, Σ count / Σ pupils × 100 over the organisations whose count and number
  of pupils are both published (``per_100_organisations`` of them);
- ``like_for_like`` / ``like_for_like_previous`` / ``like_for_like_change`` — the sums over the organisations
  published in both this year and the previous one (``like_for_like_organisations``), out of
  ``organisations`` of the kind the indicator is about in the territory («данные 480 из 495 школ»);
  ``like_for_like_members`` names them (``;``-separated), so that anyone can redo the sums from the published
  values.

Disclosure: each number is computed from published organisation values only — a hidden value is never in a
median or a sum — so it is implied by the published cells and adds nothing an attacker could use (a median or
a like-for-like total over a hidden school would hand its value out by difference). ``count_comparisons``
checks every value it uses against the disclosure control's decision and stops the build on a hidden one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..errors import BuildError
from ..territories import ancestors

if TYPE_CHECKING:
    from ..privacy import Protection

#: the number of pupils of an organisation, by kind (the same indicators the catalogues show as size)
PUPILS = {"school": "1.31", "kindergarten": "8.09", "additional": "3.12"}
COLUMNS = ["indicator", "entity_type", "entity_id", "year", "median", "median_organisations", "per_100",
           "per_100_organisations", "like_for_like", "like_for_like_previous", "like_for_like_change",
           "like_for_like_organisations", "like_for_like_members", "organisations"]
KEYS = ["indicator", "parent_type", "parent_id", "year"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="string" if column in ("indicator", "entity_type", "entity_id",
                                                                        "like_for_like_members")
                                           else "Int64" if column == "year" or column.endswith("organisations")
                                           else "Float64") for column in COLUMNS})


def count_comparisons(published: pd.DataFrame, entity_table: pd.DataFrame, catalogue: pd.DataFrame,
                      protection: Protection | None = None) -> pd.DataFrame:
    """The comparisons of the module docstring (``published``: ``Results.values``, already suppressed)."""
    entries = catalogue.set_index("code")
    sums = entries.index[(entries["aggregation"] == "sum") & (entries["level"] == "organisation")]
    shown = published[(published["entity_type"] == "organisation") & published["value"].notna()
                      & ~published["suppressed"].astype(bool)]
    orgs = shown[shown["indicator"].isin(sums)][["indicator", "entity_id", "year", "value"]].astype({"year": int})
    if orgs.empty:
        return _empty()
    if protection is not None:  # the rows are published ones; a hidden cell among them is a defect
        for code, org, year in orgs[["indicator", "entity_id", "year"]].itertuples(index=False, name=None):
            if protection.state(("value", str(code), "organisation", str(org), int(year))) is not None:
                raise BuildError(f"Сравнение показателей-счётчиков: значение {code} организации {org} за {year} скрыто, "
                                 "но попало в расчёт медианы.", "это ошибка программы: сообщите разработчикам.")
    above = ancestors(entity_table)[["entity_id", "parent_type", "parent_id"]]
    joined = orgs.merge(above, on="entity_id")
    joined["value"] = joined["value"].astype(float)
    group = joined.groupby(KEYS, sort=True)["value"]
    out = pd.DataFrame({"median": group.median(), "median_organisations": group.size()})

    # like for like: the organisations with a published value in the previous year too
    previous = orgs.assign(year=orgs["year"] + 1).rename(columns={"value": "previous"})
    both = joined.merge(previous, on=["indicator", "entity_id", "year"])
    both["previous"] = both["previous"].astype(float)
    like = both.groupby(KEYS, sort=True).agg(like_for_like=("value", "sum"), like_for_like_previous=("previous", "sum"),
                                             like_for_like_organisations=("value", "size"),
                                             like_for_like_members=("entity_id", lambda ids: ";".join(sorted(map(str, ids)))))
    out = out.join(like, how="left")
    out["like_for_like_change"] = out["like_for_like"] - out["like_for_like_previous"]

    # per 100 pupils, for counts of pupils (not for the number of pupils itself)
    pupil_codes = set(PUPILS.values())
    pupils = shown[shown["indicator"].isin(pupil_codes)][["entity_id", "year", "value"]].astype({"year": int})
    pupils = pupils.groupby(["entity_id", "year"], sort=True)["value"].sum().rename("pupils").reset_index()
    counted = [code for code in sums if entries.at[code, "population"] == "pupils" and entries.at[code, "unit"] == "человек"
               and code not in pupil_codes]
    per = joined[joined["indicator"].isin(counted)].merge(pupils, on=["entity_id", "year"])
    per = per[per["pupils"].astype(float) > 0]
    if not per.empty:
        totals = per.groupby(KEYS, sort=True).agg(count=("value", "sum"), pupils=("pupils", "sum"),
                                                  per_100_organisations=("value", "size"))
        totals["per_100"] = 100 * totals["count"] / totals["pupils"].astype(float)
        out = out.join(totals[["per_100", "per_100_organisations"]], how="left")

    # how many organisations of the indicator's kind the territory has
    kinds = entity_table[entity_table["entity_type"] == "organisation"][["entity_id", "kind"]]
    members = above.merge(kinds, on="entity_id").groupby(["parent_type", "parent_id", "kind"]).size().rename("organisations")
    out = out.reset_index()
    applies = out["indicator"].map(entries["applies_to"]).astype(str)
    index = pd.MultiIndex.from_arrays([out["parent_type"], out["parent_id"], applies])
    out["organisations"] = members.reindex(index).to_numpy()
    out = out.rename(columns={"parent_type": "entity_type", "parent_id": "entity_id"})
    for column in COLUMNS:
        if column not in out:
            out[column] = pd.NA
    frame = out[COLUMNS].copy()
    for column in COLUMNS:
        frame[column] = frame[column].astype(_empty()[column].dtype)
    return frame.sort_values(["indicator", "entity_type", "entity_id", "year"]).reset_index(drop=True)


def without_total_comparisons(values: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """``municipal_value`` and ``regional_value`` blanked for count indicators: an organisation's count beside
    its territory's total compares a part with the whole (``count_comparisons`` gives the median instead)."""
    sums = set(catalogue.loc[catalogue["aggregation"] == "sum", "code"].astype(str))
    frame = values.copy()
    rows = frame["indicator"].astype(str).isin(sums)
    for column in ("municipal_value", "regional_value"):
        if column in frame:
            frame.loc[rows, column] = pd.NA
    return frame
