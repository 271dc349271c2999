"""One build or import of a project at a time: a second one stops at once with a clear message, and a lock left
by a killed process is taken over."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import BuildError
from generator.lock import lock_path, project_lock
from generator.project import Project


def _hold(root: str, ready, release) -> None:  # in a child process
    with project_lock(Project(Path(root))):
        ready.set()
        release.wait(60)


@pytest.fixture
def holder(tiny_project: Path):
    """A child process holding the tiny project's lock (killed at the end if still alive)."""
    context = multiprocessing.get_context("fork")
    ready, release = context.Event(), context.Event()
    process = context.Process(target=_hold, args=(str(tiny_project), ready, release))
    process.start()
    assert ready.wait(30)
    yield process
    if process.is_alive():  # (a killed holder may have left the event's own lock taken: not touched then)
        release.set()
        process.join(10)
    if process.is_alive():
        process.kill()


def test_a_second_build_stops_at_once_naming_the_first(tiny_project: Path, holder) -> None:
    project = Project(tiny_project)
    with pytest.raises(BuildError) as caught:
        build(project)
    message = str(caught.value)
    assert re.search(rf"Сборка этого проекта уже идёт \(с \d\d:\d\d, процесс {holder.pid}\)", message), message
    assert not project.site.exists() and not (project.work / "docs").exists()  # it did nothing


def test_the_command_line_says_so_without_a_traceback(tiny_project: Path, holder) -> None:
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--project", str(tiny_project)],
                            capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "уже идёт" in output and f"процесс {holder.pid}" in output
    assert "Traceback" not in output


def test_an_import_is_refused_while_a_build_runs(tiny_project: Path, holder) -> None:
    with pytest.raises(BuildError, match="Сборка этого проекта уже идёт"), \
            project_lock(Project(tiny_project), "загрузка данных"):
        pass


def test_a_lock_left_by_a_killed_process_is_taken_over(tiny_project: Path, holder) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(10)
    assert lock_path(Project(tiny_project)).exists()  # the file stays; the lock went with the process
    with project_lock(Project(tiny_project)):
        pass


def test_the_same_process_may_re_enter(tiny_project: Path) -> None:
    project = Project(tiny_project)
    with project_lock(project), project_lock(project, "загрузка данных"):
        assert lock_path(project).exists()
