"""Rating within clusters of comparable schools («рейтинговая оценка по кластерам»), never one league table.

Schools are first split by two lines that are never crossed: the **indicators they are scored on** (the
``rating.indicators`` the school has data for — a 9-year school without the ЕГЭ is not set beside an 11-year
school) and the **social conditions** (ШФНСУ by the authority's order of that year). Within each such stratum a
cluster is locality (urban / rural) × size by the number of pupils (1.31) cut at ``rating.size_breaks``. A
cluster with fewer than ``rating.min_cluster`` schools is merged with the neighbouring size class of the same
locality (the smaller one first); if the whole locality is still too small, with the other locality's cluster
of the nearest size — inside the stratum only. A stratum that is still smaller than ``rating.min_cluster`` is
not ranked (``ranked`` is false, the page says so). The composite of a school is the mean of the z-scores of
its published values of the indicators within its cluster (sign reversed for lower-is-better indicators),
given only when at least ``rating.min_indicators`` of them are available; rank 1 is the best in the cluster.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import Config
from ..load import Dataset
from ..typography import count_noun, fmt_int

PUPILS = "1.31"
SHFNSU = "shfnsu"
LOCALITY = {"urban": "городские школы", "rural": "сельские школы"}
PROCEDURE_NAMES = {"ege": "ЕГЭ", "oge": "ОГЭ", "vpr": "ВПР", "graduation": "итогам аттестации",
                   "olympiad": "олимпиаде"}


def size_range(breaks: list, first: int, last: int) -> str:
    """Russian label of the size classes ``first…last``: «до 300», «300–799», «800 и более», «любой численности»."""
    edges = [int(b) for b in breaks]
    low = edges[first - 1] if first > 0 else None
    high = edges[last] if last < len(edges) else None
    if low is None and high is None:
        return "любой численности"
    if low is None:
        return f"до {fmt_int(high)} обучающихся"
    if high is None:
        return f"{fmt_int(low)} обучающихся и более"
    return f"{fmt_int(low)}–{fmt_int(high - 1)} обучающихся"


def _merge_plan(counts: dict[tuple[str, int], int], sizes: int, minimum: int) -> dict[tuple[str, int], tuple]:
    """Map each (locality, size class) to the tuple of base classes of its merged cluster."""
    groups: list[list[tuple[str, int]]] = [[(loc, i)] for loc in ("urban", "rural") for i in range(sizes)
                                           if counts.get((loc, i), 0) > 0]

    def total(group: list[tuple[str, int]]) -> int:
        return sum(counts.get(item, 0) for item in group)

    while len(groups) > 1:
        small = [g for g in groups if total(g) < minimum]
        if not small:
            break
        group = small[0]
        locality = group[0][0]
        same = [g for g in groups if g is not group and g[0][0] == locality]
        pool = same or [g for g in groups if g is not group]
        centre = np.mean([i for _, i in group])
        target = min(pool, key=lambda g: (abs(np.mean([i for _, i in g]) - centre), np.mean([i for _, i in g])))
        groups.remove(group)
        target.extend(group)
        target.sort()
    return {item: tuple(sorted(group)) for group in groups for item in group}


def _label(members: tuple, breaks: list) -> str:
    localities = sorted({loc for loc, _ in members}, key=["urban", "rural"].index)
    sizes = sorted({i for _, i in members})
    runs: list[list[int]] = []
    for i in sizes:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    where = " и ".join(LOCALITY[loc] for loc in localities)
    size = ", ".join(size_range(breaks, run[0], run[-1]) for run in runs)
    return f"{where[0].upper()}{where[1:]}, {size}"


def _scored_on(codes: tuple[str, ...], catalogue: pd.DataFrame) -> str:
    """«по ЕГЭ, ОГЭ и ВПР (6 показателей)»: what a stratum of schools is scored on, in words."""
    formulas = catalogue.set_index("code")["formula"].reindex(list(codes)).fillna("").astype(str)
    names: list[str] = []
    for formula in formulas:
        name = PROCEDURE_NAMES.get(formula.split("[")[0].split(":")[0], "")
        if name and name not in names:
            names.append(name)
    count = count_noun(len(codes), ("показатель", "показателя", "показателей"))
    if not names:
        return f"по {count}"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " и " + names[-1]
    return f"по {listed} ({count})"


def _shfnsu(dataset: Dataset) -> set[tuple[str, int]]:
    statuses = dataset.tables.get("statuses")
    if statuses is None or statuses.empty:
        return set()
    rows = statuses[statuses["status"].astype(str) == SHFNSU]
    return {(str(org), int(year)) for org, year in zip(rows["org_id"], rows["year"], strict=True)}


def rate(dataset: Dataset, internal: pd.DataFrame, published: pd.DataFrame,
         config: Config) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ratings, clusters). Ratings: ``org_id, year, cluster, cluster_label, cluster_size, composite, rank,
    indicators_used``; clusters: ``year, cluster, cluster_label, schools, merged`` (base classes joined),
    ``ranked`` (false: too few comparable schools), ``shfnsu``, ``indicators`` (codes joined by «, »)."""
    rule = config.rating
    orgs = dataset["organisations"]
    schools = orgs.loc[orgs["kind"] == "school", ["org_id", "locality"]]
    pupils = internal[(internal["indicator"] == PUPILS) & (internal["entity_type"] == "organisation")]
    base = pupils.merge(schools, left_on="entity_id", right_on="org_id")[["org_id", "year", "locality", "value"]]
    base["size"] = np.searchsorted(np.asarray(rule.size_breaks, dtype=float), base["value"].astype(float), side="right")
    # what each school is scored on: the rating indicators it has data for that year (published or hidden)
    scored = internal[(internal["entity_type"] == "organisation") & internal["indicator"].isin(rule.indicators)
                      & internal["value"].notna()]
    order = {str(code): i for i, code in enumerate(rule.indicators)}
    profiles = (scored.groupby(["entity_id", "year"])["indicator"]
                .agg(lambda codes: tuple(sorted({str(c) for c in codes}, key=order.get))).to_dict())
    base["profile"] = [",".join(profiles.get((str(org), year), ())) for org, year in zip(base["org_id"], base["year"], strict=True)]
    special = _shfnsu(dataset)
    base["shfnsu"] = [(str(org), int(year)) in special for org, year in zip(base["org_id"], base["year"], strict=True)]
    base = base[base["profile"] != ""]
    labels = list(rule.size_breaks)
    sizes = len(labels) + 1
    catalogue = dataset["indicators"]
    assignment, cluster_rows = [], []
    for (year, joined, shfnsu), part in base.groupby(["year", "profile", "shfnsu"], sort=True):
        profile = tuple(str(joined).split(","))
        counts = part.groupby(["locality", "size"]).size().to_dict()
        plan = _merge_plan(counts, sizes, rule.min_cluster)
        keys = pd.Series(list(zip(part["locality"], part["size"], strict=True)), index=part.index)
        members = keys.map(plan)
        stratum = ("shfnsu-" if shfnsu else "") + "i" + "-".join(code.replace(".", "") for code in profile)
        suffix = ("; ШФНСУ" if shfnsu else "") + f"; оценка {_scored_on(profile, catalogue)}"
        names = {group: f"{stratum}-" + "-".join(f"{loc}{i}" for loc, i in group) for group in set(plan.values())}
        titles = {group: _label(group, labels) + suffix for group in names}
        assignment.append(part.assign(cluster=members.map(names), cluster_label=members.map(titles)))
        for group, name in sorted(names.items(), key=lambda item: item[1]):
            schools_in = sum(counts.get(item, 0) for item in group)
            cluster_rows.append({"year": year, "cluster": name, "cluster_label": titles[group], "schools": schools_in,
                                 "merged": len(group) > 1, "ranked": schools_in >= rule.min_cluster,
                                 "shfnsu": bool(shfnsu), "indicators": ", ".join(profile)})
    columns = ["year", "cluster", "cluster_label", "schools", "merged", "ranked", "shfnsu", "indicators"]
    clusters = pd.DataFrame(cluster_rows, columns=columns)
    if not clusters.empty:
        clusters = clusters.sort_values(["year", "cluster"]).reset_index(drop=True)
    if not assignment:
        return pd.DataFrame(columns=["org_id", "year", "cluster", "cluster_label", "cluster_size", "composite", "rank",
                                     "indicators_used"]), clusters
    members = pd.concat(assignment, ignore_index=True)[["org_id", "year", "cluster", "cluster_label"]]
    members["cluster_size"] = members.groupby(["year", "cluster"])["org_id"].transform("size")
    polarity = dataset["indicators"].set_index("code")["polarity"]
    shown = published[(published["entity_type"] == "organisation") & published["indicator"].isin(rule.indicators)]
    shown = shown[["entity_id", "year", "indicator", "value"]].rename(columns={"entity_id": "org_id"})
    shown = shown.merge(members[["org_id", "year", "cluster"]], on=["org_id", "year"]).dropna(subset=["value"])
    value = shown["value"].astype(float)
    grouped = shown.assign(v=value).groupby(["year", "cluster", "indicator"])["v"]
    mean, sd = grouped.transform("mean"), grouped.transform("std", ddof=0)
    z = (value - mean) / sd.where(sd > 0)
    sign = shown["indicator"].map(polarity).map({"higher_better": 1.0, "lower_better": -1.0}).astype(float)
    shown["z"] = (z * sign).where(grouped.transform("count") >= 2)
    score = shown.dropna(subset=["z"]).groupby(["org_id", "year"]).agg(
        composite=("z", "mean"), indicators_used=("z", "size"))
    ratings = members.merge(score.reset_index(), on=["org_id", "year"], how="left")
    enough = ratings["indicators_used"].fillna(0) >= rule.min_indicators
    # a cluster too small to compare within is not ranked at all (and never merged across the strata)
    enough &= ratings["cluster_size"] >= rule.min_cluster
    ratings["composite"] = ratings["composite"].where(enough).astype("Float64")
    ratings["indicators_used"] = ratings["indicators_used"].fillna(0).astype("Int64")
    ratings["rank"] = ratings.groupby(["year", "cluster"])["composite"].rank(ascending=False, method="min").astype("Int64")
    ratings["year"] = ratings["year"].astype("Int64")
    columns = ["org_id", "year", "cluster", "cluster_label", "cluster_size", "composite", "rank", "indicators_used"]
    return ratings[columns].sort_values(["year", "cluster", "rank", "org_id"]).reset_index(drop=True), clusters


def gaps(dataset: Dataset, published: pd.DataFrame, ratings: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Schools without a rating and why: ``org_id, year, reason`` — «нет численности обучающихся (1.31)» (no
    cluster), or the rating indicators that are not published for it when fewer than ``rating.min_indicators``
    are. A school that is not rated is «cannot be computed», not the last place."""
    rule = config.rating
    schools = set(dataset["organisations"].loc[lambda f: f["kind"] == "school", "org_id"].astype(str))
    shown = published[(published["entity_type"] == "organisation") & published["indicator"].isin(rule.indicators)
                      & published["value"].notna() & published["entity_id"].isin(schools)]
    have = shown.groupby(["entity_id", "year"])["indicator"].agg(lambda codes: sorted(set(map(str, codes))))
    rated = ratings.dropna(subset=["composite"]) if not ratings.empty else ratings
    clustered = {(str(row.org_id), int(row.year)): (int(row.cluster_size), int(row.indicators_used))
                 for row in ratings.itertuples(index=False)} if not ratings.empty else {}
    done = set(zip(rated["org_id"].astype(str), rated["year"].astype(int), strict=True)) if not rated.empty else set()
    rows = []
    for (org, year), codes in have.items():
        key = (str(org), int(year))
        if key in done:
            continue
        if key not in clustered:
            reason = f"нет численности обучающихся ({PUPILS}): школу не с кем сравнить по размеру"
        elif (size := clustered[key][0]) < rule.min_cluster:
            # the cluster decides first: with too few comparable schools nobody in it gets a place
            reason = (f"в кластере {count_noun(size, ('школа', 'школы', 'школ'))}, для сравнения нужно не меньше "
                      f"{fmt_int(rule.min_cluster)}: места не присваиваются")
        else:
            used = clustered[key][1]
            missing = [code for code in rule.indicators if code not in codes]
            reason = (f"учтено {used} из {len(rule.indicators)} показателей рейтинга, нужно не меньше {rule.min_indicators}"
                      + (f"; не опубликованы: {', '.join(missing)}" if missing else
                         "; по остальным в кластере не с кем сравнить"))
        rows.append({"org_id": key[0], "year": key[1], "reason": reason})
    frame = pd.DataFrame(rows, columns=["org_id", "year", "reason"])
    frame["year"] = frame["year"].astype("Int64")
    return frame.sort_values(["year", "org_id"]).reset_index(drop=True)
