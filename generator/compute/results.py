"""What the analytics hand to the site, the report and the open data: one ``Results`` object.

Every published number comes from these tables, so the site, the report and the open datasets can never
disagree. Small-group values are already suppressed here: a suppressed row keeps its keys and the flag, and its
numbers are ``<NA>``; consumers show ``typography.SUPPRESSED`` («к») with ``typography.SUPPRESSED_LEGEND``.
The unsuppressed internal values never leave ``generator.compute``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

#: the columns of ``Results.values``, in order
VALUE_COLUMNS = [
    "indicator", "entity_type", "entity_id", "year", "numerator", "denominator", "value",
    "previous", "change", "direction", "verdict", "trend", "municipal_value", "regional_value", "suppressed", "suppression",
    "low", "high", "pooled_from", "pooled_numerator", "pooled_denominator", "pooled_value", "pooled_low", "pooled_high",
]

#: entity types, from the smallest to the largest
ENTITY_TYPES = ("organisation", "territory", "municipality", "region")


@dataclass(frozen=True)
class Results:
    """All computed tables of one build.

    ``values`` — the tidy table of indicator values, one row per (indicator, entity_type, entity_id, year):

    - ``indicator``: catalogue code (``1.07``);
    - ``entity_type``: ``organisation`` | ``territory`` (below the municipality: an okrug, a district, a
      settlement — ``registry/territories``) | ``municipality`` | ``region``;
    - ``entity_id``: ``org_id`` | ``territory_id`` | ОКТМО | region code (two digits). Region rows exist only when the registry has
      more than one municipality (with one municipality the «region» would just repeat the municipality, so
      ``regional_value`` is ``<NA>`` then);
    - ``year``: the year in which the school year ends;
    - ``numerator``, ``denominator``: Σ over the entity (``denominator`` is ``<NA>`` for sums);
    - ``value``: ``100·numerator/denominator`` for shares (per cent), ``numerator/denominator`` for means and
      ratios, ``numerator`` for sums — in the catalogue's unit;
    - ``previous``: the published value of the same entity in ``year − 1`` (``<NA>`` if absent or suppressed);
    - ``change``: ``value − previous``, in п. п. for shares and in the indicator's unit otherwise;
    - ``direction``: ``up`` | ``down`` | ``same`` — the one decision about the change (``dynamics.decide``):
      ``same`` when the change is below the tolerance (``analytics.tolerance_pp`` for shares,
      ``analytics.tolerance_relative`` % of the previous value otherwise), rounds to zero, or lies within the
      95 % interval of chance for groups of that size; ``<NA>`` without a previous value;
    - ``verdict``: ``better`` | ``worse`` | ``same`` — ``direction`` read by the indicator's polarity
      (``dynamics.change_label``); ``<NA>`` for neutral indicators or without a previous value;
    - ``trend``: ``rising`` | ``falling`` | ``stable`` — the sign of the least-squares slope over all published
      values of the entity up to ``year`` (at least ``analytics.trend_years`` of them, ``year`` included), with
      the same tolerance per year; direction only, not a judgement (combine with polarity to judge);
    - ``municipal_value``: for organisations and territories, the published value of their municipality
      (``<NA>`` otherwise);
    - ``regional_value``: for organisations and municipalities, the published value of their region;
    - ``low``, ``high``: the 95 % interval of a share (Wilson) or a mean (Student, with ``analytics.mean_spread``),
      ``<NA>`` for sums, ratios and hidden values (``compute.uncertainty``);
    - ``pooled_from``, ``pooled_numerator``, ``pooled_denominator``, ``pooled_value``, ``pooled_low``,
      ``pooled_high``: the value over ``pooled_from … year`` (at most three years) together, given only when no
      year of the window is hidden (``compute.pooled``; checked by ``privacy.derived``);
    - ``suppressed``: the value is not published (small group);
    - ``suppression``: ``primary`` (the group itself is below ``privacy.min_group``) | ``secondary`` (hidden so
      that a primary value cannot be recovered from totals) | ``<NA>``.
      Suppressed rows have ``numerator``, ``denominator``, ``value``, ``previous``, ``change``, ``verdict`` and
      ``trend`` blanked.

    ``procedures`` — detail tables of the assessment procedures by name (``ege``, ``oge``, ``vpr``, ``olympiad``);
    columns are listed in ``generator.compute.procedures.COLUMNS``; suppressed like ``values``.

    ``objectivity`` — signals of non-objective results per school and year (always published): ``org_id``,
    ``year``, one boolean column per signal (``<NA>`` when the school could not be checked), the school's and the
    municipality's values used, ``signals`` (how many fired). ``risk`` — the list of schools «в зоне риска»
    (``org_id``, ``year``, ``signals``, ``signal_names``); the site publishes it only when
    ``objectivity.publish_risk_list`` is true.

    ``shnor`` — the ШНОР list: ``org_id``, ``year`` identified, ``entered`` (first year of a run on the list).
    ``shnor_criteria`` — per school and year, whether it was low in each procedure, ``low`` (in at least
    ``shnor.min_procedures``). ``shnor_movement`` — per year: ``identified``, ``entered``, ``left``, ``computable`` and ``lacking`` (which
    data the rule lacks; the counts are ``<NA>`` when the list cannot be computed — see ``shnor.coverage``).
    ``shnor_dynamics`` — for every school ever identified, per year its ШНОР metric values beside the
    municipal ones.

    ``ratings`` — composite scores within clusters: ``org_id``, ``year``, ``cluster``, ``cluster_label``,
    ``cluster_size``, ``composite``, ``rank`` (1 = best within the cluster), ``indicators_used``; ``clusters``
    documents the clusters and any merge.

    ``entities`` — every entity with its parent: ``entity_type``, ``entity_id``, ``name``, ``parent_type``,
    ``parent_id``, ``oktmo``, ``region_code``, ``kind`` (of the organisation, territory or municipality); used by ``suppression.check_no_leak``.

    ``counts`` — for count indicators (``aggregation: sum``) per territory, municipality and region and year:
    the median organisation, the value per 100 pupils, the like-for-like sums over the organisations published
    in both years and the coverage (``like_for_like_organisations`` of ``organisations``); every number is
    computed from published organisation values only (see ``generator.compute.counts``). For counts,
    ``municipal_value`` and ``regional_value`` are ``<NA>``: a part is not compared with its whole.

    ``references`` — values of indicators from outside the project: ``indicator``, ``year``, ``scope``
    (``region`` | ``russia`` | ``control_sample``), ``name``, ``value``, ``source``. Use ``reference`` for one of
    them and ``regional`` for the region's value beside a municipality (computed when the site has several
    municipalities, else the region's reference value, else ``None`` — never a copy of the municipality).

    ``catalogue``, ``directions`` — the indicator catalogue and directions as loaded (names, units, polarity).
    """

    values: pd.DataFrame
    catalogue: pd.DataFrame
    directions: pd.DataFrame
    entities: pd.DataFrame
    years: list[int]
    min_group: int
    procedures: dict[str, pd.DataFrame] = field(default_factory=dict)
    objectivity: pd.DataFrame = field(default_factory=pd.DataFrame)
    risk: pd.DataFrame = field(default_factory=pd.DataFrame)
    shnor: pd.DataFrame = field(default_factory=pd.DataFrame)
    shnor_criteria: pd.DataFrame = field(default_factory=pd.DataFrame)
    shnor_movement: pd.DataFrame = field(default_factory=pd.DataFrame)
    shnor_dynamics: pd.DataFrame = field(default_factory=pd.DataFrame)
    ratings: pd.DataFrame = field(default_factory=pd.DataFrame)
    clusters: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: ``generator.privacy.Protection``: the hidden cells and their audit (the open data blanks and verifies by it)
    protection: Any = None
    #: count indicators beside the median organisation and like for like (``generator.compute.counts``)
    counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: values from outside the project: region, Russia, control sample (``generator.compute.references``)
    references: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: schools with rating data but no rating, and why (``org_id, year, reason``; ``ratings.gaps``)
    rating_gaps: pd.DataFrame = field(default_factory=pd.DataFrame)

    def value_of(self, indicator: str, entity_id: str, year: int) -> float | None:
        """One published value (``None`` if absent or suppressed) — a convenience for pages and the report."""
        rows = self.values[
            (self.values["indicator"] == indicator) & (self.values["entity_id"] == entity_id) & (self.values["year"] == year)
        ]
        if rows.empty or pd.isna(rows["value"].iloc[0]):
            return None
        return float(rows["value"].iloc[0])

    def reference(self, indicator: str, year: int, scope: str) -> tuple[float, str, str] | None:
        """One reference value (value, name, source): ``scope`` is ``region``, ``russia`` or ``control_sample``."""
        from .references import reference

        return None if self.references.empty else reference(self.references, indicator, year, scope)

    def regional(self, indicator: str, year: int) -> tuple[float, str] | None:
        """The region's value of an indicator for the whole site's territory, with where it comes from
        (``None`` when the project has no region: one municipality and no reference value)."""
        from .references import regional_reference

        regions = self.entities[self.entities["entity_type"] == "region"] if not self.entities.empty else self.entities
        code = str(regions["entity_id"].iloc[0]) if len(regions) == 1 else None
        references = self.references if not self.references.empty else pd.DataFrame(columns=["indicator", "year", "scope"])
        return regional_reference(self.values, references, indicator, code, year)

    def count_comparison(self, indicator: str, entity_type: str, entity_id: str, year: int) -> dict[str, Any] | None:
        """The row of ``counts`` for one count indicator, entity and year (``None`` when there is none)."""
        if self.counts.empty:
            return None
        rows = self.counts[(self.counts["indicator"] == indicator) & (self.counts["entity_type"] == entity_type)
                           & (self.counts["entity_id"] == entity_id) & (self.counts["year"] == year)]
        return None if rows.empty else rows.iloc[0].to_dict()
