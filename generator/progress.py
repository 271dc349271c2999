"""Progress bars for the long parts of a command, shown only on an interactive terminal.

Code deep in the pipeline (the pages, the charts, the disclosure control) calls ``track(label, total)`` without
knowing who listens; the command turns the bars on with ``shown(console)`` only when its stderr is a terminal,
so CI logs, tests and pipes read exactly as before, and nothing here touches what the site is built from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from . import typography as ty

#: the bars of the command running now (``None``: nothing is shown)
_current: Progress | None = None


class _Counts(ProgressColumn):
    """«120 из 3 164»: Russian digit grouping, as everywhere in the CLI."""

    def render(self, task: Task) -> Text:
        done = ty.fmt_int(int(task.completed))
        return Text(done if task.total is None else f"{done} из {ty.fmt_int(int(task.total))}")


@contextmanager
def shown(console: Console) -> Iterator[Progress | None]:
    """Show the bars of everything tracked inside on ``console`` — when it is an interactive terminal."""
    global _current
    if not console.is_terminal or _current is not None:
        yield None
        return
    bars = Progress(TextColumn("{task.description}"), BarColumn(), _Counts(), TimeElapsedColumn(),
                    console=console, transient=True)
    _current = bars
    try:
        with bars:
            yield bars
    finally:
        _current = None


@contextmanager
def track(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A bar «label 0 из total» while the block runs; the block calls the yielded function with how many more
    are done. Without ``shown`` (not a terminal) the function does nothing."""
    bars = _current
    if bars is None or total <= 0:
        yield lambda _done=1: None
        return
    task = bars.add_task(label, total=total)
    try:
        yield lambda done=1: bars.advance(task, done)
    finally:
        bars.refresh()  # the last count is drawn before the bar goes
        bars.remove_task(task)
