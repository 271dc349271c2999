"""Progress bars of the build: counted to the total on a terminal, absent everywhere else."""

from __future__ import annotations

from io import StringIO

import pytest
from projects import copy_tiny_site
from rich.console import Console
from rich.progress import Progress

from generator import privacy, progress


def _terminal() -> tuple[Console, StringIO]:
    out = StringIO()
    return Console(file=out, force_terminal=True, width=100), out


@pytest.fixture
def seen(monkeypatch) -> dict[str, list[tuple[float, float | None]]]:
    """Every count the bars report, by label: (done, total) after each step."""
    seen: dict[str, list[tuple[float, float | None]]] = {}
    advance = Progress.advance

    def recording(self, task_id, advance_by=1):
        advance(self, task_id, advance_by)
        task = self._tasks[task_id]
        seen.setdefault(task.description, []).append((task.completed, task.total))

    monkeypatch.setattr(Progress, "advance", recording)
    return seen


def _fake_decide(task: tuple[int, int]) -> tuple[list[tuple], None]:
    """A decision of a (year, block) task that a worker process can make without a model."""
    return [(task[0], task[1])], None


def test_privacy_tasks_in_worker_processes_count_up_to_the_total_in_order(monkeypatch, seen):
    monkeypatch.setattr(privacy, "_decide", _fake_decide)
    tasks = [(2024 + i % 2, i) for i in range(10)]
    console, out = _terminal()
    with progress.shown(console):
        results = privacy._run(tasks, [])
    assert [keys for keys, _ in results] == [[task] for task in tasks]  # imap keeps the order of the tasks
    assert seen["защита малых групп: части (процедура, муниципалитет, год)"] == [(done, 10) for done in range(1, 11)]
    assert "10 из 10" in out.getvalue()


def test_counts_use_russian_digit_grouping(seen):
    console, out = _terminal()
    with progress.shown(console), progress.track("диаграммы", 3164) as advance:
        for _ in range(3164 // 4):
            advance(4)
    assert seen["диаграммы"][-1] == (3164, 3164)
    assert "диаграммы" in out.getvalue() and "3\u00a0164 из 3\u00a0164" in out.getvalue()


def test_no_bars_when_stderr_is_not_a_terminal():
    out = StringIO()
    console = Console(file=out)  # a file: what CI, logs and pipes see
    assert not console.is_terminal
    with progress.shown(console) as bars:
        assert bars is None
        with progress.track("диаграммы", 5) as advance:
            advance(5)
        privacy_results = privacy._run([], [])
    assert privacy_results == [] and out.getvalue() == ""


def test_a_build_on_a_terminal_counts_its_pages_to_the_total(tmp_path, monkeypatch, seen):
    from generator.cli import main
    from generator.commands import build as build_command

    console, out = _terminal()
    monkeypatch.setattr(build_command, "console", console)
    assert main(["build", str(copy_tiny_site(tmp_path / "tiny"))]) == 0
    steps = seen["страницы организаций"]
    done, total = steps[-1]
    assert total and done == total and len(steps) == total
    assert f"{int(total)} из {int(total)}" in out.getvalue()
    assert "Сайт собран" in out.getvalue()


def test_a_build_off_a_terminal_prints_only_its_stage_lines(tmp_path, capsys):
    from generator.cli import main

    assert main(["build", str(copy_tiny_site(tmp_path / "tiny"))]) == 0
    err = capsys.readouterr().err
    assert "• Страницы сайта…" in err
    assert " из " not in err.split("Сайт собран")[0]  # no bar before the summary
    assert "\x1b" not in err  # no cursor movement, no colour
