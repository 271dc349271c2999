"""The project format: which layout of ``msoko.yml`` and of the data package schemas a project follows.

Each ``datapackage.json`` carries ``msoko_format`` and ``msoko.yml`` may carry ``format``; every command that reads
a project refuses one of another format with a single clear message instead of failing later on a missing file
or column. ``msoko upgrade`` (``generator/upgrade.py``) brings an older project to this release's format.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ConfigError

#: the format of the projects this release reads; raise it with a step in ``upgrade.STEPS`` and a CHANGELOG line
FORMAT = 2
#: the key of the format in each ``datapackage.json`` (a custom property, allowed by the Data Package spec)
DESCRIPTOR_KEY = "msoko_format"
#: the key of the format in ``msoko.yml``
CONFIG_KEY = "format"
#: projects made before formats were stamped (releases 0.1 and 0.2)
UNSTAMPED = 1


def descriptor_format(descriptor: dict) -> int:
    """The format a package descriptor follows (an unstamped one is of the releases before stamps)."""
    value = descriptor.get(DESCRIPTOR_KEY, UNSTAMPED)
    return value if isinstance(value, int) and not isinstance(value, bool) else UNSTAMPED


def format_problem(found: int, where: str) -> ConfigError | None:
    """The error for a project of another format than this release's, or ``None`` when it is the same."""
    if found == FORMAT:
        return None
    if found < FORMAT:
        return ConfigError(
            f"{where}: проект подготовлен прежней версией msoko-site (формат {found}, эта версия работает с форматом {FORMAT}).",
            "выполните «msoko upgrade» в папке проекта: команда покажет и внесёт изменения, а прежние файлы сохранит "
            "в .msoko/upgrade/ (просмотреть без изменений — «msoko upgrade --dry-run»).")
    return ConfigError(
        f"{where}: проект подготовлен более новой версией msoko-site (формат {found}, эта версия понимает формат {FORMAT}).",
        "обновите программу msoko-site до версии, которой подготовлен проект.")


def check_descriptors(packages: dict[str, dict], root: Path) -> None:
    """Refuse data packages of another format (called wherever descriptors are read)."""
    for name in sorted(packages):
        problem = format_problem(descriptor_format(packages[name]), str(root / name / "datapackage.json"))
        if problem is not None:
            raise problem
