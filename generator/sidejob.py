"""One build stage run in a forked process beside the main one: the open-data and report sections, which need
only the computed results, are written while the main process renders the pages.

A build has two cores: the chart workers fill the second one while charts are drawn, but when the charts come
from the cache (a rebuild after one dataset changed) it would sit idle. The child is forked after the results
are computed, so it shares them without copying; it writes its files into the docs tree and sends back only what
the job returns (the section's claims: paths and menu entries, never the files) with its duration, or its error.
The parent waits for it, registers the claims in its own tree, then builds the navigation and runs MkDocs.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from . import errors
from .errors import BuildError, MsokoError


class SideJob:
    """``job()`` running in a forked child; ``wait()`` returns its result (``seconds`` — how long it ran) or
    raises its error here."""

    def __init__(self, title: str, job: Callable[[], Any]) -> None:
        self.title = title
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(job, sender), name=f"msoko: {title}")
        self.seconds = 0.0
        self._process.start()
        sender.close()  # only the child writes: EOF here means the child is gone

    def wait(self) -> Any:
        """What the job returned (it crosses the pipe pickled); raises the job's own error (with its Russian
        message and hint)."""
        try:
            outcome = self._receiver.recv()
        except EOFError:
            outcome = None
        finally:
            self._receiver.close()
            self._process.join()
        if outcome is None:
            raise BuildError(f"Этап «{self.title}» прерван: процесс завершился с кодом {self._process.exitcode}.",
                             "чаще всего это нехватка памяти; соберите сайт ещё раз или закройте другие программы.")
        kind, *payload = outcome
        if kind == "ok":
            self.seconds = float(payload[0])
            return payload[1]
        if kind == "error":
            name, message, hint = payload
            cls = getattr(errors, name, BuildError)
            raise cls(message, hint) if isinstance(cls, type) and issubclass(cls, MsokoError) else BuildError(message, hint)
        raise BuildError(f"Этап «{self.title}» завершился ошибкой программы:\n{payload[0]}",
                         "сообщите разработчикам; опубликованный сайт не изменён.")

    def stop(self) -> None:
        """End the child without waiting for its result (the main process failed first)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()


def _run(job: Callable[[], Any], sender: Connection) -> None:
    # the child's collections never walk the objects it inherited: walking them writes to their pages, which
    # the fork shared with the parent, and each page written is copied
    gc.freeze()
    started = time.perf_counter()
    try:
        result = job()
        sender.send(("ok", time.perf_counter() - started, result))
    except MsokoError as error:
        sender.send(("error", type(error).__name__, error.message, error.hint))
    except BaseException:  # noqa: BLE001 — anything else is reported to the parent as a program error
        sender.send(("crash", traceback.format_exc()))
    finally:
        sender.close()
