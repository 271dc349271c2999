"""Small-group suppression: no published table may reveal a group smaller than ``privacy.min_group``.

Policy (shown on the methodology page through ``methodology.py``):

- **Which values.** Shares and means about people — catalogue ``population`` ``pupils`` or ``staff`` and
  ``aggregation`` ``share`` or ``mean``. The group is the denominator (participants, graduates, teachers): a share
  of 1 pupil out of 3 tells something about a person; a count («2 победителя олимпиады», «45 обучающихся») does
  not, so sums and ratios (children per teacher) are not suppressed. Indicators computed from the olympiad and
  status tables are public by their own rules (ВсОШ results are published by name) and are not suppressed.
  Indicators about organisations are never suppressed.
- **Primary.** A value whose denominator is below ``privacy.min_group``.
- **Secondary.** Within each (indicator, year, parent) group the parent equals the sum of its children. If a
  suppressed child could be recovered as «parent − published children» — exactly one unknown in the group, or the
  unknown children together still form a group below the threshold — the smallest published child (by
  denominator, then by code) is suppressed as well; if no child is left, the parent is. This repeats until no
  group is unsafe. For a tree (organisation → municipality → region) this is complete: a value that no single
  group equation reveals cannot be recovered by combining equations either, because each value appears in at
  most two of them and the equations form a tree.
- Detail tables (procedures) are protected the same way with their own cells; a suppressed small group hides the
  whole row (participants and every mark).

``check_no_leak`` re-does the attacker's arithmetic on a table as it will be published and raises
``PrivacyError`` when a suppressed value can be recovered or a small group is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import PrivacyError

if TYPE_CHECKING:
    from .results import Results

#: tables whose results are public by the rules of the procedure itself
PUBLIC_DATASETS = ("olympiad", "statuses")
SENSITIVE_POPULATIONS = ("pupils", "staff")
SENSITIVE_AGGREGATIONS = ("share", "mean")


def sensitive_indicators(catalogue: pd.DataFrame) -> set[str]:
    """Codes of the indicators subject to small-group suppression (see the module docstring)."""
    dataset = catalogue["formula"].fillna("").astype(str).str.extract(r"^\s*([a-z_]+)", expand=False).fillna("")
    chosen = (
        catalogue["population"].isin(SENSITIVE_POPULATIONS)
        & catalogue["aggregation"].isin(SENSITIVE_AGGREGATIONS)
        & ~dataset.isin(PUBLIC_DATASETS)
    )
    return set(catalogue.loc[chosen, "code"].astype(str))


def territory_equations(cells: pd.DataFrame, entities: pd.DataFrame, group: Sequence[str]) -> pd.DataFrame:
    """Membership of cells in the «parent = Σ children» equations: columns ``eq``, ``cell``, ``is_parent``."""
    parents = entities.dropna(subset=["parent_id"]).set_index(["entity_type", "entity_id"])[["parent_type", "parent_id"]]
    frame = cells[[*group, "entity_type", "entity_id"]].copy()
    frame["cell"] = cells.index
    linked = frame.join(parents, on=["entity_type", "entity_id"]).dropna(subset=["parent_id"])
    children = linked[[*group, "parent_type", "parent_id", "cell"]].rename(
        columns={"parent_type": "eq_type", "parent_id": "eq_id"})
    children["is_parent"] = False
    heads = frame.rename(columns={"entity_type": "eq_type", "entity_id": "eq_id"})
    heads["is_parent"] = True
    members = pd.concat([children, heads[[*group, "eq_type", "eq_id", "cell", "is_parent"]]], ignore_index=True)
    keys = [*group, "eq_type", "eq_id"]
    with_children = children.drop_duplicates(keys)[keys]
    members = members.merge(with_children, on=keys, how="inner")
    members["eq"] = members.groupby(keys, sort=True, dropna=False).ngroup()
    return members[["eq", "cell", "is_parent"]]


def _unsafe(members: pd.DataFrame, hidden: pd.Series, size: pd.Series, min_group: int) -> pd.DataFrame:
    """Per unsafe equation: the residual group that an attacker could compute (one row per equation).

    ``size`` of a hidden cell may be unknown (<NA>) — only published sizes and the parent's are used, exactly as
    an attacker would: residual = parent − Σ published children.
    """
    frame = members.assign(hidden=members["cell"].map(hidden).astype(bool), size=members["cell"].map(size))
    child = frame[~frame["is_parent"]]
    parent = frame[frame["is_parent"]].set_index("eq")
    stats = pd.DataFrame({
        "hidden_children": child.groupby("eq")["hidden"].sum(),
        "published_size": child.loc[~child["hidden"]].groupby("eq")["size"].sum(min_count=1),
    })
    stats["published_size"] = stats["published_size"].fillna(0)
    stats["parent_hidden"] = parent["hidden"].reindex(stats.index).fillna(True).astype(bool)
    stats["parent_size"] = parent["size"].reindex(stats.index)
    stats["residual"] = stats["parent_size"] - stats["published_size"]
    one_unknown = (stats["hidden_children"] + stats["parent_hidden"]) == 1
    small_rest = ~stats["parent_hidden"] & (stats["hidden_children"] >= 1) & (stats["residual"] < min_group)
    return stats[one_unknown | small_rest.fillna(False)]


def protect_system(cells: pd.DataFrame, members: pd.DataFrame, primary: pd.Series, min_group: int,
                   size: str = "size", order: str = "order") -> pd.Series:
    """Secondary suppression over any set of «parent = Σ children» equations.

    ``cells`` (index 0…n−1) has the group ``size`` and a tie-break ``order``; ``members`` has ``eq``, ``cell``,
    ``is_parent``. Returns ``suppression`` per cell: ``primary`` | ``secondary`` | <NA>. While some equation is
    unsafe (``_unsafe``), the smallest published child of it (by size, then order) is hidden; if it has none left,
    its parent is.
    """
    state = pd.Series(pd.NA, index=cells.index, dtype="string")
    state[primary.to_numpy()] = "primary"
    if not primary.any() or members.empty:
        return state
    sizes = cells[size].astype("Float64")
    orders = cells[order].astype(str)
    children = members[~members["is_parent"]]
    parents = members[members["is_parent"]]
    while True:
        hidden = state.notna()
        unsafe = _unsafe(members, hidden, sizes, min_group)
        if unsafe.empty:
            return state
        candidates = children[children["eq"].isin(unsafe.index)]
        candidates = candidates[~candidates["cell"].map(hidden).astype(bool)]
        candidates = candidates.assign(size=candidates["cell"].map(sizes), order=candidates["cell"].map(orders))
        chosen = candidates.sort_values(["eq", "size", "order"]).drop_duplicates("eq")
        fallback = parents[parents["eq"].isin(unsafe.index.difference(chosen["eq"]))]
        picked = [cell for cell in pd.concat([chosen["cell"], fallback["cell"]]).unique() if not hidden[cell]]
        if not picked:
            return state
        state[picked] = "secondary"


def protect(cells: pd.DataFrame, entities: pd.DataFrame, group: Sequence[str], primary: pd.Series,
            min_group: int, size: str = "denominator") -> pd.Series:
    """Secondary suppression of one table along the territory tree, cells identified by ``group`` + entity."""
    cells = cells.reset_index(drop=True)
    members = territory_equations(cells, entities, group) if primary.any() else pd.DataFrame(columns=["eq", "cell", "is_parent"])
    frame = pd.DataFrame({"size": cells[size], "order": cells["entity_id"].astype(str)})
    return protect_system(frame, members, primary.reset_index(drop=True), min_group)


def blank(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """Set ``columns`` to <NA> on the rows flagged ``suppressed``."""
    frame = frame.copy()
    rows = frame["suppressed"].astype(bool)
    for column in columns:
        if column in frame:
            frame.loc[rows, column] = pd.NA
    return frame


def check_no_leak(table: pd.DataFrame, results: Results, *, name: str, group: Sequence[str] | None = None,
                  size: str | None = None, sensitive: bool | None = None) -> None:
    """Refuse to publish ``table`` if it shows a small group or lets a suppressed value be recovered.

    ``table`` is what will be written: the rows of ``Results.values`` or of a ``Results.procedures`` table,
    possibly filtered, with at least ``entity_type``, ``entity_id``, ``suppressed``, the ``group`` columns and the
    ``size`` column. Defaults: for a values table (it has ``indicator``) ``group=("indicator", "year")`` and
    ``size="denominator"``, sensitivity by the catalogue; for a procedure table, the table's own spec in
    ``procedures.SPECS`` (chosen by ``name``).
    Raises ``PrivacyError`` naming the table, the entity and the cell.
    """
    from .procedures import SPECS

    if table.empty:
        return
    spec_group: Sequence[str]
    if "indicator" in table.columns:
        spec_group, spec_size = ("indicator", "year"), "denominator"
        codes = sensitive_indicators(results.catalogue)
        rows_sensitive = table["indicator"].astype(str).isin(codes)
        blanked: Sequence[str] = ("numerator", "denominator", "value", "previous", "change", "verdict", "trend")
    else:
        if name not in SPECS:
            raise PrivacyError(f"Таблица «{name}»: неизвестен состав ячеек для проверки конфиденциальности.")
        spec = SPECS[name]
        spec_group, spec_size, blanked = spec.group, spec.size, spec.measures
        rows_sensitive = pd.Series(spec.sensitive, index=table.index)
    group = list(group or spec_group)
    size = size or spec_size
    if sensitive is not None:
        rows_sensitive = pd.Series(sensitive, index=table.index)
    suppressed = table["suppressed"].fillna(False).astype(bool)
    problems: list[str] = []
    for column in blanked:
        if column in table.columns:
            shown = table.loc[suppressed, column].notna()
            if shown.any():
                row = table.loc[suppressed].loc[shown].iloc[0]
                problems.append(f"скрытое значение показано в столбце «{column}» ({_cell(row, group)})")
    published_small = ~suppressed & rows_sensitive & (table[size].astype("Float64") < results.min_group).fillna(False)
    if published_small.any():
        row = table.loc[published_small].iloc[0]
        problems.append(f"опубликована малая группа: {size} = {row[size]} < {results.min_group} ({_cell(row, group)})")
    checked = table.loc[rows_sensitive].reset_index(drop=True)
    if not checked.empty and checked["suppressed"].astype(bool).any():
        members = territory_equations(checked, results.entities, group)
        hidden = checked["suppressed"].astype(bool)
        sizes = checked[size].astype("Float64").where(~hidden)
        unsafe = _unsafe(members, hidden, sizes, results.min_group)
        if not unsafe.empty:
            parent_cell = members[members["is_parent"] & members["eq"].isin(unsafe.index)]["cell"].iloc[0]
            problems.append(
                "скрытое значение восстанавливается вычитанием из итога "
                f"({_cell(checked.loc[parent_cell], group)}; всего таких групп: {len(unsafe)})")
    if problems:
        raise PrivacyError(
            f"Таблица «{name}» раскрыла бы данные малых групп: " + "; ".join(problems) + ".",
            "это ошибка программы: сообщите разработчикам, таблица не опубликована.")


def check_results(results: Results) -> None:
    """Check every published table of ``results`` and the totals across them (build-time guard).

    Besides each table alone (``check_no_leak``), an indicator value that sums procedure cells (a school's ВПР
    total over its subjects) must not give back a hidden cell: with a published total, the hidden cells of that
    entity and year must be at least two and together not a small group; a hidden total needs a hidden cell.
    """
    from .formula import mask, parse_formula
    from .procedures import SPECS, coverage_of

    check_no_leak(results.values, results, name="values")
    for name, table in results.procedures.items():
        check_no_leak(table, results, name=name)
    keys = ["entity_type", "entity_id", "year"]
    for name, table in results.procedures.items():
        if not SPECS[name].sensitive or table.empty:
            continue
        for code, key in coverage_of(results.catalogue, name).items():
            formula = parse_formula(f"{name}[{key}]:participants" if key else f"{name}:participants")
            cells = table[mask(table, formula.filters)]
            per = cells.groupby(keys).agg(hidden=("suppressed", "sum"), shown=("participants", "sum"))
            totals = results.values[results.values["indicator"] == code].set_index(keys)
            joined = totals.join(per, how="inner")
            residual = joined["denominator"].astype("Float64") - joined["shown"].astype("Float64")
            open_total = ~joined["suppressed"].astype(bool)
            leak = open_total & (joined["hidden"] >= 1) & ((joined["hidden"] == 1) | (residual < results.min_group))
            leak |= ~open_total & (joined["hidden"] == 0)
            if leak.fillna(False).any():
                entity_type, entity_id, year = joined.index[leak.fillna(False).to_numpy()][0]
                raise PrivacyError(
                    f"Таблица «{name}» вместе с показателем {code} раскрыла бы данные малой группы "
                    f"({entity_type} {entity_id}, {year}): скрытая строка восстанавливается из итога.",
                    "это ошибка программы: сообщите разработчикам, таблица не опубликована.")


def _cell(row: pd.Series, group: Sequence[str]) -> str:
    parts = [f"{column} {row[column]}" for column in group if column in row.index]
    return ", ".join([f"{row['entity_type']} {row['entity_id']}", *parts])
