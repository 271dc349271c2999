"""The disclosure-control policy: the threshold, the protection width and the documented exemptions.

The rules, in the words the methodology page uses:

- a **group** is a set of persons a published number is about: the participants of one subject of one procedure
  at one organisation in one year, the graduates of a grade, the denominator of a reported share, the persons a
  reported count counts («число выпускников, набравших 220 баллов и более»);
- a group of 1 … ``threshold − 1`` persons is **sensitive**: every number about it is hidden (primary cells), and
  so is every other number from which it could be computed (secondary cells);
- a hidden count of persons is **protected** when the attacker's interval for it — the minimum and the maximum
  over everything a visitor can download, the identities of the tables and non-negativity — covers at least
  ``width`` whole numbers (by default as many as the threshold: a group of 3 may be anything from 0 to 4).
  A hidden share or mean is protected through the counts behind it. A zero inside a small group (nobody of the
  4 got a «2») is a count like any other, so it is protected the same way;
- an empty group (0 persons) tells nothing about anyone and is published.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from ..config import Config

#: populations whose groups are persons (organisations are not protected)
PERSONS = ("pupils", "staff")
#: the unit of a count of persons in the catalogue
PERSON_UNIT = "человек"


@dataclass(frozen=True)
class Exemption:
    """A dataset published without small-group protection, with the reason the site states."""

    dataset: str
    reason: str


@dataclass(frozen=True)
class Policy:
    threshold: int
    width: int
    exemptions: tuple[Exemption, ...] = ()

    @classmethod
    def of(cls, config: Config) -> Policy:
        privacy = config.privacy
        width = privacy.protection_width or privacy.min_group
        exemptions = tuple(Exemption(str(item["dataset"]), str(item["reason"])) for item in privacy.exemptions)
        return cls(privacy.min_group, width, exemptions)

    def small(self, size: float) -> bool:
        """A sensitive group: 1 … threshold − 1 persons."""
        return 0 < size < self.threshold

    def exempt(self, dataset: str) -> bool:
        return any(item.dataset == dataset for item in self.exemptions)

    def digest_head(self) -> bytes:
        """What of the policy a decision depends on, as the first bytes of every cache key of a decision (a
        year's, a task's): the threshold, the width and the exempt datasets (the reasons change no decision)."""
        return json.dumps([self.threshold, self.width, [e.dataset for e in self.exemptions]]).encode()

    def protected(self, low: float, high: float) -> bool:
        """Whether an attacker's interval covers at least ``width`` whole numbers."""
        return whole_numbers(low, high) >= self.width


def whole_numbers(low: float, high: float) -> int:
    """How many integers lie in [low, high] (with a tolerance for the solver's rounding)."""
    if high == float("inf"):
        return 1 << 30
    return max(0, math.floor(high + 1e-6) - math.ceil(low - 1e-6) + 1)
