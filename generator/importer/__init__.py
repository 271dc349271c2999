"""Import of spreadsheet exports into a project's data packages: read → map → match names → check → diff → write.

``prepare`` computes everything without touching the project, ``commit`` writes the one changed table atomically.
"""

from __future__ import annotations

from .plan import Plan, commit, prepare

__all__ = ["Plan", "commit", "prepare"]
