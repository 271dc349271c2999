"""The municipal programme's target values (``report.targets`` in ``msoko.yml``) against the year's values:
met or not met, by the indicator's polarity, for the conclusions and the tasks of the final report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    indicator: str
    year: int
    value: float
    owner: str = ""
    deadline: str = ""


@dataclass(frozen=True)
class Outcome:
    """A target of the report year with the published value (``None`` when there is none or it is hidden)."""

    target: Target
    actual: float | None
    met: bool | None


def targets(records: list) -> list[Target]:
    """The validated ``report.targets`` records (``generator.config.report_problems`` checked their shape)."""
    return [Target(str(item["indicator"]), int(item["year"]), float(item["value"]), str(item.get("owner") or ""),
                   str(item.get("deadline") or "")) for item in records]


def is_met(actual: float, target: float, polarity: str) -> bool:
    """Reached: not below the target when higher is better, not above it when lower is better, equal otherwise
    (compared as printed, to one decimal, so a value that reads as the target counts as reaching it)."""
    actual, target = round(actual, 1), round(target, 1)
    if polarity == "lower_better":
        return actual <= target
    if polarity == "higher_better":
        return actual >= target
    return actual == target


def outcomes(all_targets: list[Target], year: int, value, polarity) -> list[Outcome]:
    """The targets of ``year`` in the order of the settings; ``value(code, year)`` gives the published value,
    ``polarity(code)`` the indicator's polarity."""
    found = []
    for target in all_targets:
        if target.year != year:
            continue
        actual = value(target.indicator, year)
        found.append(Outcome(target, actual, None if actual is None else is_met(actual, target.value, polarity(target.indicator))))
    return found
