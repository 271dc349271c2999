"""A stage run in a forked process reports its duration, or its error with the Russian message, to the parent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import BuildError, DataError, PrivacyError
from generator.sidejob import SideJob


def test_the_job_runs_in_another_process_and_its_files_stay(tmp_path: Path) -> None:
    target = tmp_path / "written.txt"

    def job() -> dict[str, int]:
        target.write_text(str(os.getpid()), encoding="utf-8")
        return {"written.txt": os.getpid()}

    running = SideJob("запись", job)
    returned = running.wait()
    assert running.seconds >= 0
    child = int(target.read_text(encoding="utf-8"))
    assert child != os.getpid() and returned == {"written.txt": child}  # the child's result comes back whole


@pytest.mark.parametrize("error", [DataError("в данных ошибка", "исправьте данные"), PrivacyError("утечка", "сообщите разработчикам")])
def test_an_error_of_the_job_is_raised_here_with_its_class_and_hint(error) -> None:
    def fail() -> None:
        raise error

    with pytest.raises(type(error)) as raised:
        SideJob("открытые данные", fail).wait()
    assert raised.value.message == error.message and raised.value.hint == error.hint


def test_a_program_error_becomes_a_build_error_with_the_traceback() -> None:
    def fail() -> None:
        raise ZeroDivisionError("деление на ноль")

    with pytest.raises(BuildError) as raised:
        SideJob("открытые данные", fail).wait()
    assert "«открытые данные»" in raised.value.message and "ZeroDivisionError" in raised.value.message


def test_a_job_that_dies_is_reported_with_its_exit_code() -> None:
    with pytest.raises(BuildError) as raised:
        SideJob("открытые данные", lambda: os._exit(3)).wait()
    assert "кодом 3" in raised.value.message and "памяти" in raised.value.hint
