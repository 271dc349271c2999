"""Results kept between builds as pickles in ``.msoko/``, under a name that is the hash of everything they are
made from: a file found there is exactly what making the result again would give."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cached(path: Path, make: Callable[[], T]) -> T:
    """The object stored at ``path`` by an earlier build, or ``make()``'s result, stored there (through a
    temporary name, so an interrupted build leaves no half-written file). An unreadable file is made again."""
    if path.is_file():
        try:
            return pickle.loads(path.read_bytes())  # written by this generator for these exact inputs
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            path.unlink(missing_ok=True)
    value = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)
    return value
