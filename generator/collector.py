"""Python's cycle collector during a build, which holds a region's data and results (millions of objects) in
memory from loading to the end of the pages.

Each full collection walks every tracked object, and one comes whenever a quarter as many objects as have
survived are new: building the disclosure control's model of one year of the benchmark's region (284 760 cells)
took 8,6 s with the collector and 5,4 s without it, and the compute stage of a one-dataset rebuild ran 16 full
collections over the data and results (3,4 s). They free next to nothing: what lives for the whole build holds
no garbage, and what the model is made of is freed by its reference counts when the year is done. So:

* ``settle`` — what exists now lives to the end of the build: the collector stops walking it (``gc.freeze``);
  the build calls ``release`` when it drops the data, so that the cycles among them are collected then;
* ``paused`` — no collection at all while a large structure of long-lived objects is being built.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle() -> None:
    """Keep the collector off the objects that exist now (they live until ``release``)."""
    gc.freeze()


def release() -> None:
    """Give the settled objects back to the collector and collect what is garbage among them."""
    gc.unfreeze()
    gc.collect()


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside the block (a forked worker inherits the collector's state: start none inside)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
