"""Where a project's files live: configuration, data packages, hand-written content and the output.

Every command takes a project directory. Without one it uses the current directory when that holds an
``msoko.yml``, and the embedded demonstration project (this repository's root) otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

CONFIG_NAME = "msoko.yml"
DEMO_ROOT = Path(__file__).resolve().parent.parent
#: files of ``content/`` that a stage reads, never published as they are: the analyst's texts of the report
#: (inserted into its sections) and the notes on data changes (shown on the changes page)
REPORT_TEXTS = "report"
CHANGE_NOTES = "data/changes.yml"
#: the authority's additions to the glossary (``generator.glossary``), shown on the glossary page
GLOSSARY = "glossary.yml"


def is_stage_input(relative: str) -> bool:
    """Whether a path of ``content/`` (POSIX, relative to it) is read by a stage rather than published."""
    return relative in (CHANGE_NOTES, GLOSSARY) or relative.split("/", 1)[0] == REPORT_TEXTS


@dataclass(frozen=True)
class Project:
    """Paths of one msoko project; nothing here reads the files."""

    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def datapackages(self) -> Path:
        return self.root / "datapackages"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        """The published site; replaced as a whole only by a successful build."""
        return self.root / "site"

    @property
    def work(self) -> Path:
        """Scratch space of builds: the generated docs tree, the chart cache, temporary sites."""
        return self.root / ".msoko"

    @property
    def is_demo(self) -> bool:
        return self.root == DEMO_ROOT


def find_project(path: str | Path | None = None) -> Project:
    """Resolve the project directory a command works on (see module docstring)."""
    if path is not None:
        root = Path(path).resolve()
        if not root.is_dir():
            raise ConfigError(f"Папка проекта {root} не найдена.", "укажите существующую папку проекта или создайте её командой «msoko init ПАПКА».")
        if not (root / CONFIG_NAME).is_file():
            raise ConfigError(f"В папке {root} нет файла настроек {CONFIG_NAME}.", "создайте проект командой «msoko init ПАПКА».")
        return Project(root)
    cwd = Path.cwd().resolve()
    if (cwd / CONFIG_NAME).is_file():
        return Project(cwd)
    return Project(DEMO_ROOT)
