"""What an import will do to a table: rows added, changed and removed, matched by the primary key.

Values are compared by meaning, not by spelling: «67.40» and «67.4» are the same score, so re-importing an
unchanged export reports no change and rewrites nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rich.markup import escape
from rich.table import Table

from ..typography import count_noun

ROWS = ("строка", "строки", "строк")


def same(a: str, b: str, kind: str) -> bool:
    """Equal values of a field of Table Schema type ``kind``."""
    if a == b:
        return True
    if kind in ("integer", "number", "year") and a and b:
        try:
            return Decimal(a) == Decimal(b)
        except InvalidOperation:
            return False
    return False


def row_key(row: dict[str, str], key: list[str], kinds: dict[str, str]) -> tuple:
    """Primary key of a row, numbers compared as numbers (``2025`` and ``2025.0`` are one year)."""
    parts = []
    for name in key:
        value = row.get(name, "")
        if kinds.get(name) in ("integer", "number", "year") and value:
            try:
                parts.append(Decimal(value).normalize())
                continue
            except InvalidOperation:
                pass
        parts.append(value)
    return tuple(parts)


@dataclass
class Change:
    key: tuple
    old: dict[str, str]
    new: dict[str, str]
    fields: list[str]


@dataclass
class Diff:
    key: list[str]
    added: list[dict[str, str]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def summary(self) -> str:
        """«добавлено 3 строки, изменено 2 строки, удалено 0 строк, без изменений 120 строк»."""
        return (
            f"добавлено {count_noun(len(self.added), ROWS)}, изменено {count_noun(len(self.changed), ROWS)}, "
            f"удалено {count_noun(len(self.removed), ROWS)}, без изменений {count_noun(self.unchanged, ROWS)}"
        )


def compare(old: list[dict[str, str]], new: list[dict[str, str]], key: list[str], kinds: dict[str, str]) -> Diff:
    """Diff two versions of one table by primary key."""
    fields = list(kinds)
    before = {row_key(row, key, kinds): row for row in old}
    after = {row_key(row, key, kinds): row for row in new}
    diff = Diff(key=key)
    for k, row in after.items():
        if k not in before:
            diff.added.append(row)
            continue
        changed = [name for name in fields if not same(before[k].get(name, ""), row.get(name, ""), kinds[name])]
        if changed:
            diff.changed.append(Change(k, before[k], row, changed))
        else:
            diff.unchanged += 1
    diff.removed = [row for k, row in before.items() if k not in after]
    return diff


def render(diff: Diff, title: str, limit: int = 15) -> Table:
    """A rich table of the first ``limit`` changes of each kind, for the analyst to check before writing."""
    table = Table(title=escape(title), title_justify="left", show_lines=False)
    table.add_column("", no_wrap=True)
    table.add_column("Ключ (" + ", ".join(diff.key) + ")")
    table.add_column("Что меняется")

    def key_text(row: dict[str, str]) -> str:
        return escape(", ".join(row.get(name, "") for name in diff.key))

    for row in diff.added[:limit]:
        others = "; ".join(f"{name}={value}" for name, value in row.items() if name not in diff.key and value)
        table.add_row("[green]+ добавится[/]", key_text(row), escape(others))
    for change in diff.changed[:limit]:
        parts = "; ".join(f"{name}: {change.old.get(name) or '∅'} → {change.new.get(name) or '∅'}" for name in change.fields)
        table.add_row("[yellow]~ изменится[/]", key_text(change.new), escape(parts))
    for row in diff.removed[:limit]:
        table.add_row("[red]− удалится[/]", key_text(row), "")
    hidden = sum(max(0, len(items) - limit) for items in (diff.added, diff.changed, diff.removed))
    if hidden:
        table.caption = f"и ещё {count_noun(hidden, ROWS)} (не показаны)"
    return table
