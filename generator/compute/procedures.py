"""Detail tables of the assessment procedures (filled in below)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    """How a procedure table is protected: its cells (``group`` within an entity), the group size, the numbers."""

    group: tuple[str, ...]
    size: str
    measures: tuple[str, ...]
    sensitive: bool = True


SPECS: dict[str, Spec] = {}
