"""``msoko init``: a project of its own for a real education authority, with no demonstration data in it.

The new project has the configuration with placeholders and comments, the hand-written pages to edit, the data
package schemas with header-only tables (the indicator catalogue and the subjects are reference data and keep
their rows), and entry templates for the registry, which is filled first. It passes validation as it is, so the
analyst can import, check and build from the first minute.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .config import load_config, parse_config
from .errors import ConfigError
from .importer.write import atomic_write_text, csv_text
from .load import read_descriptors
from .project import CONFIG_NAME, DEMO_ROOT, Project, is_stage_input
from .project_format import FORMAT

#: resources whose rows are reference data shared by every project (copied with their rows)
REFERENCE_RESOURCES = ("directions", "indicators", "subjects", "federal_indicators")
#: the registry is entered first; its templates are written by init (others need the registry for their lists)
REGISTRY_TEMPLATES = ("municipalities", "organisations")
FILL_IN = "ЗАПОЛНИТЕ"
#: a line of the demo pages that says the page is a demonstration («*Демонстрационный документ.*»)
_DEMO_NOTE = re.compile(r"^\*?Демонстрационн[^\n]*$", re.MULTILINE)

CONFIG_TEMPLATE = """\
# Настройки проекта msoko-site. Заполните строки с пометкой «{fill}» и удалите пометки.
# Описание всех ключей — в README, раздел «Настройки».
format: {format}  # формат проекта msoko-site; меняет его только «msoko upgrade»
site:
  # Заголовок сайта: виден в шапке каждой страницы и во вкладке браузера.
  title: {title}
  # Наименование муниципального образования, как в уставе (для сайта региона — наименование субъекта).
  municipality: {municipality}
  # ОКТМО муниципального образования, 8 цифр; такая же строка нужна в datapackages/registry/municipalities.csv.
  oktmo: {oktmo}
  # Субъект Российской Федерации.
  region: {region}
  # Полное наименование органа управления образованием (публикатор данных).
  authority: {authority}
  # ИНН органа управления образованием, 10 цифр: входит в идентификаторы наборов открытых данных.
  authority_inn: {inn}
  # Контакты для вопросов по данным: телефон в виде +7 XXX XXX-XX-XX, электронная почта, почтовый адрес.
  phone: {phone}
  email: {email}
  address: {address}
  # Адрес сайта в интернете (https://…); пусто — без канонических ссылок и карты сайта.
  url: ""
  # Данные настоящие, не демонстрационные.
  demo: false
privacy:
  # Значения по группам меньше этого числа участников не публикуются (152-ФЗ).
  min_group: 5
"""


@dataclass
class Identity:
    """What the analyst may give on the command line; the rest become placeholders."""

    municipality: str = ""
    oktmo: str = ""
    region: str = ""
    authority: str = ""
    inn: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass
class InitResult:
    project: Project
    files: list[Path] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)


def _quoted(value: str, placeholder: str, placeholders: list[str], key: str) -> str:
    if value:
        return json.dumps(value, ensure_ascii=False)
    placeholders.append(key)
    return f'""  # {FILL_IN}: {placeholder}'


def config_text(identity: Identity) -> tuple[str, list[str]]:
    """The commented ``msoko.yml`` and the keys left to fill in."""
    missing: list[str] = []
    title = f"Оценка качества образования — {identity.municipality}" if identity.municipality else "Оценка качества образования"
    text = CONFIG_TEMPLATE.format(
        fill=FILL_IN,
        format=FORMAT,
        title=json.dumps(title, ensure_ascii=False),
        municipality=_quoted(identity.municipality, "наименование муниципального образования", missing, "site.municipality"),
        oktmo=_quoted(identity.oktmo, "8 цифр", missing, "site.oktmo"),
        region=_quoted(identity.region, "субъект РФ", missing, "site.region"),
        authority=_quoted(identity.authority, "полное наименование УО", missing, "site.authority"),
        inn=_quoted(identity.inn, "10 цифр", missing, "site.authority_inn"),
        phone=_quoted(identity.phone, "+7 XXX XXX-XX-XX", missing, "site.phone"),
        email=_quoted(identity.email, "адрес электронной почты", missing, "site.email"),
        address=_quoted(identity.address, "почтовый адрес", missing, "site.address"),
    )
    parse_config(yaml.safe_load(text), CONFIG_NAME)  # the values given on the command line must be valid
    return text, missing


def init_project(target: Path, identity: Identity, source: Project | None = None) -> InitResult:
    """Create the project in ``target`` (which must not exist or be empty) from the schemas of ``source``."""
    source = source or Project(DEMO_ROOT)
    target = Path(target).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ConfigError(f"Папка {target} уже существует и не пуста.", "укажите новую или пустую папку — init не перезаписывает файлы.")
    text, missing = config_text(identity)
    result = InitResult(Project(target), placeholders=missing)
    demo = load_config(source.config_file).site if source.config_file.is_file() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.init-tmp"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        (staging / CONFIG_NAME).write_text(text, encoding="utf-8")
        _copy_datapackages(source.datapackages, staging / "datapackages", identity)
        _copy_content(source.content, staging / "content", demo, identity)
        if (source.root / "mkdocs.yml").is_file():
            shutil.copy2(source.root / "mkdocs.yml", staging / "mkdocs.yml")
        (staging / ".gitignore").write_text("site/\n.msoko/\n", encoding="utf-8")
        from .templates_xlsx import write_template

        for dataset in REGISTRY_TEMPLATES:
            write_template(staging / "datapackages", dataset, staging / "templates" / f"{dataset}.xlsx")
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.files = sorted(path for path in target.rglob("*") if path.is_file())
    return result


def _copy_datapackages(source: Path, target: Path, identity: Identity) -> None:
    """Schemas as they are; tables header-only, except the reference data; the publisher named as the УО."""
    packages, resources = read_descriptors(source)
    for package, descriptor in packages.items():
        descriptor = json.loads(json.dumps(descriptor))
        for contributor in descriptor.get("contributors", []):
            if contributor.get("role") == "publisher":
                contributor["title"] = identity.authority or "Орган управления образованием"
        (target / package).mkdir(parents=True, exist_ok=True)
        (target / package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name, resource in resources.items():
        path = target / resource.package / resource.descriptor["path"]
        if name in REFERENCE_RESOURCES and resource.path.is_file():
            shutil.copyfile(resource.path, path)
        else:
            atomic_write_text(path, csv_text([spec["name"] for spec in resource.fields], []))


def _copy_content(source: Path, target: Path, demo, identity: Identity) -> None:
    """The pages to edit; the demo municipality's names in them are replaced by the new project's."""
    target.mkdir(parents=True, exist_ok=True)
    if not source.is_dir():
        return
    replacements = []
    if demo is not None:
        for old, new in ((demo.authority, identity.authority), (demo.municipality, identity.municipality), (demo.region, identity.region)):
            if old:
                replacements.append((old, new or f"[{FILL_IN}]"))
    for path in sorted(source.rglob("*")):
        destination = target / path.relative_to(source)
        relative = path.relative_to(source).as_posix()
        if path.is_file() and is_stage_input(relative) and path.suffix != ".txt":
            continue  # the demo's report texts and change notes are facts about the demo, not samples
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in (".md", ".txt", ".yml", ".html"):
            text = path.read_text(encoding="utf-8")
            for old, new in replacements:
                text = text.replace(old, new)
            text = _DEMO_NOTE.sub(f"*{FILL_IN}: замените этот текст текстом вашего документа (вид, дата, номер).*", text)
            destination.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(path, destination)
