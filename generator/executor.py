"""The one place the build's fan-out work gets its ``concurrent.futures.Executor``.

By default a local process pool, as a build on one machine needs. With ``msoko build --scheduler ADDRESS`` the
executor of a ``dask.distributed`` client instead, so a federal build can draw on a cluster. Every job sent
through it returns what it made (bytes, and the paths they belong to); the build process writes the files, so
the workers need no shared file system with it.
"""

from __future__ import annotations

import gc
import socket
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from . import typography as ty
from .errors import BuildError

#: the address given by ``--scheduler`` for the build under way (``None``: local processes)
_scheduler: str | None = None
#: seconds to wait for the scheduler before the build is refused
CONNECT_TIMEOUT = 10


@dataclass
class Pool:
    """An executor and how many jobs it runs at once (the callers cut their work into chunks by it)."""

    executor: Executor
    workers: int
    client: Any = None

    def shutdown(self) -> None:
        """Stop the local workers, or leave the cluster (its workers keep running for other builds)."""
        if self.client is None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        else:
            self.executor.shutdown(wait=False)
            self.client.close()


@contextmanager
def scheduler(address: str | None) -> Iterator[None]:
    """Send the fan-out work of the build inside the block to the ``dask.distributed`` scheduler at
    ``address`` (``None``: local processes). The address is checked at once, so a wrong one stops the build
    before anything is computed."""
    global _scheduler
    previous = _scheduler
    if address is not None:
        _connect(address).close()
    _scheduler = address
    try:
        yield
    finally:
        _scheduler = previous


def remote() -> bool:
    """Whether the work goes to a cluster (its workers are already running: no start-up cost to weigh)."""
    return _scheduler is not None


def make_pool(workers: int) -> Pool:
    """A local pool of ``workers`` processes, or the cluster's executor when a scheduler is set."""
    if _scheduler is None:
        # gc.freeze: a forked worker's collections never walk (and so copy) the pages it shares with the build
        return Pool(ProcessPoolExecutor(max_workers=workers, initializer=gc.freeze), workers)
    client = _connect(_scheduler)
    threads = sum(client.nthreads().values()) or 1
    return Pool(client.get_executor(), threads, client)


def _connect(address: str) -> Any:
    """A client of the scheduler at ``address``. Its port is tried with a plain socket first: a client that
    never reached its scheduler keeps retrying, and its clean-up holds the exit for many seconds."""
    try:
        from dask.distributed import Client
        from distributed.comm import get_address_host_port, parse_address
    except ImportError as error:
        raise BuildError("Для сборки на кластере (--scheduler) нужен пакет dask.distributed, а он не установлен.",
                         "установите его: pip install 'msoko-site[cluster]' — или соберите без --scheduler.") from error
    hint = ("проверьте адрес (например, tcp://10.0.0.5:8786) и что планировщик dask запущен (dask scheduler), "
            "или соберите без --scheduler.")
    if parse_address(address)[0] == "inproc":  # a cluster inside this very process: nothing to dial
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    try:
        host, port = get_address_host_port(address)
    except ValueError as error:
        raise BuildError(f"«{address}» — не адрес планировщика кластера: нужны узел и порт.", hint) from error
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except TimeoutError as error:
        raise BuildError(f"Планировщик кластера по адресу «{address}» не ответил за {CONNECT_TIMEOUT}{ty.NBSP}с.",
                         hint) from error
    except OSError as error:
        raise BuildError(f"Планировщик кластера по адресу «{address}» недоступен: соединение не установлено.",
                         hint) from error
