"""Part II of the final report: the federal indicators of monitoring (ПП РФ № 662, приказ Минобрнауки России
№ 955 as amended), read from the editable ``federal_indicators`` resource, with values from statistical forms
(``federal_values``) or computed from the project's own published МСОКО indicators.

The list is data, not code: an amendment of the order is an edit of ``federal_indicators.csv``. A computed value
is derived only from values the site already publishes (after the disclosure control) — a published value or
its complement to 100 % — so it reveals nothing the published value does not; a suppressed source stays «к».
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .. import typography as t

#: the note under the table for entries whose wording has not been checked against the order's current text
UNVERIFIED_MARK = "*"
UNVERIFIED_NOTE = ("* Формулировка и код показателя — сверить с действующей редакцией приказа Минобрнауки России "
                   "от 22.09.2017 № 955 (перечень показателей мониторинга системы образования).")
LEVEL_TITLES = {"preschool": "дошкольное образование", "general": "общее образование",
                "additional": "дополнительное образование"}


@dataclass(frozen=True)
class FederalIndicator:
    code: str
    kind: str  # section | group | indicator
    name: str
    unit: str
    level: str
    source: str
    computed_from: str
    verified: bool

    @property
    def label(self) -> str:
        return self.name if self.verified or self.kind != "indicator" else f"{self.name}{UNVERIFIED_MARK}"


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) or pd.isna(value) else str(value)


def catalogue(frame: pd.DataFrame | None) -> list[FederalIndicator]:
    """The rows of ``federal_indicators`` in file order (the order of the order's annex)."""
    if frame is None or frame.empty:
        return []
    return [FederalIndicator(
        code=_text(row["code"]), kind=_text(row["kind"]), name=_text(row["name"]), unit=_text(row.get("unit")),
        level=_text(row.get("level")), source=_text(row.get("source")), computed_from=_text(row.get("computed_from")),
        verified=str(row.get("verified")).lower() == "true",
    ) for _, row in frame.iterrows()]


def reported(frame: pd.DataFrame | None) -> dict[tuple[str, int], float]:
    """The values from statistical forms: (code, year) → value."""
    if frame is None or frame.empty:
        return {}
    return {(str(row["code"]), int(row["year"])): float(row["value"]) for _, row in frame.iterrows()
            if not pd.isna(row["value"])}


def fmt(value: float | None, unit: str) -> str:
    """A value in the unit of the federal table: per cent with its sign, others with one decimal."""
    if value is None:
        return t.NO_DATA
    if unit == "процент":
        return t.fmt_percent(value)
    return t.fmt_number(value, 1)  # one decimal throughout, so a column of values lines up («16,0», not «16»)


def value_of(entry: FederalIndicator, year: int, forms: dict[tuple[str, int], float],
             published: Callable[[str, int], float | None], suppressed: Callable[[str, int], bool]) -> str:
    """The printed value: computed from a published МСОКО indicator when the catalogue says so and it has a
    value, otherwise the value from the forms, otherwise «—»."""
    if entry.computed_from:
        complement = entry.computed_from.startswith("100-")
        source = entry.computed_from.removeprefix("100-")
        if suppressed(source, year):
            return t.SUPPRESSED
        value = published(source, year)
        if value is not None:
            # from the value as printed (one decimal), so the complement is exactly as precise as the published
            # value and no rounding boundary tells more about it
            shown = round(value, 1)
            return fmt(100.0 - shown if complement else shown, entry.unit)
    return fmt(forms.get((entry.code, year)), entry.unit)


def how_obtained(entry: FederalIndicator) -> str:
    """The source column: the form, or «МСОКО» with the indicator the value is computed from."""
    if entry.computed_from:
        source = entry.computed_from.removeprefix("100-")
        return f"МСОКО: 100{t.NBSP}−{t.NBSP}{source}" if entry.computed_from.startswith("100-") else f"МСОКО: {source}"
    return entry.source or t.NO_DATA


def _group_of(entry: FederalIndicator) -> str:
    return entry.code.rsplit(".", 1)[0]


def finance_entries(entries: list[FederalIndicator]) -> list[FederalIndicator]:
    """The indicators of the finance groups («Финансово-экономическая деятельность …») and the salary ratios,
    in the order of the list: the context of Part I's section on finance."""
    finance_groups = {entry.code for entry in entries if entry.kind == "group"
                      and entry.name.startswith("Финансово-экономическая")}
    return [entry for entry in entries if entry.kind == "indicator" and not entry.computed_from
            and (_group_of(entry) in finance_groups or entry.name.startswith("Отношение среднемесячной заработной платы"))]


def access_entries(entries: list[FederalIndicator], level: str) -> list[FederalIndicator]:
    """The indicators of the first group of a level's section (availability and coverage), taken from the forms
    (those computed from МСОКО indicators are told with their indicator, not twice)."""
    sections = [entry.code for entry in entries if entry.kind == "section" and entry.level == level]
    if not sections:
        return []
    groups = [entry.code for entry in entries if entry.kind == "group" and _group_of(entry) == sections[0]]
    if not groups:
        return []
    return [entry for entry in entries if entry.kind == "indicator" and _group_of(entry) == groups[0]
            and not entry.computed_from]


def short_name(entry: FederalIndicator) -> str:
    """The name without its parenthesised definition: «Доступность дошкольного образования»."""
    return entry.name.split(" (", 1)[0]
