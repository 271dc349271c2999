"""The build keeps the cycle collector off what lives to its end, and gives it back when it drops the data."""

from __future__ import annotations

import gc
import weakref

import pytest

from generator import collector


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref:
    """Two objects that refer to each other and to nothing else: only the collector frees them."""
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


def test_settled_cycles_wait_for_the_release_and_are_freed_then() -> None:
    gc.collect()
    before = gc.get_freeze_count()
    alive = _cycle()
    collector.settle()
    try:
        assert gc.get_freeze_count() > before
        gc.collect()
        assert alive() is not None  # settled: no collection walks it
    finally:
        collector.release()
    assert gc.get_freeze_count() == 0 and alive() is None


def test_nothing_is_collected_while_paused_and_the_collector_comes_back_after() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector.paused():
        1 / 0  # noqa: B018 — an error inside the block
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()  # a collector off before stays off
    finally:
        gc.enable()
