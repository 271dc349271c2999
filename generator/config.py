"""The project configuration (``msoko.yml``): every option declared once, typed, documented and validated.

All problems are collected and reported together; unknown keys are reported too (a misspelt key would
otherwise be silently ignored). Each option's ``doc`` is what the analyst reads in the «Настройки» section
of the README; a test checks that every option is documented there.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .project_format import FORMAT, format_problem


def option(default: Any, doc: str) -> Any:
    """Declare an option with its default and its Russian documentation."""
    if isinstance(default, list | dict):
        return field(default_factory=lambda: type(default)(default), metadata={"doc": doc})
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class SiteConfig:
    title: str = option("Оценка качества образования", "Заголовок сайта.")
    municipality: str = option("", "Наименование муниципального образования (или региона для регионального сайта).")
    oktmo: str = option("", "ОКТМО муниципального образования, 8 цифр (его строка в реестре municipalities); пусто — для сайта региона.")
    region: str = option("", "Субъект Российской Федерации.")
    authority: str = option("", "Полное наименование органа управления образованием (УО), публикующего данные.")
    authority_inn: str = option("", "ИНН органа управления образованием, 10 цифр (идентификатор наборов открытых данных).")
    phone: str = option("", "Телефон для вопросов по данным.")
    email: str = option("", "Электронная почта для вопросов по данным; на каждой странице — ссылка «Напишите» на этот адрес.")
    address: str = option("", "Почтовый адрес органа управления образованием.")
    url: str = option("", "Адрес сайта в сети, например https://edu.example.ru/msoko/ (для канонических ссылок, карты сайта sitemap.xml и страницы 404 сайта в подпапке); пусто — без них.")
    demo: bool = option(False, "Данные демонстрационные: на каждой странице показывается предупреждение.")


@dataclass(frozen=True)
class PrivacyConfig:
    min_group: int = option(5, "Минимальный размер группы: значения по группам меньше этого числа участников не публикуются.")
    protection_width: int = option(0, "Ширина защиты: сколько целых значений должен допускать для скрытого числа человек интервал, который можно вычислить по всем опубликованным данным; 0 — столько же, сколько порог min_group.")
    exemptions: list = option([], "Исключения из защиты малых групп: список записей «dataset: набор, reason: причина» (например, результаты олимпиады, которые организаторы публикуют поимённо); по умолчанию исключений нет, причина показывается на сайте.")


@dataclass(frozen=True)
class AnalyticsConfig:
    tolerance_pp: float = option(0.5, "Изменение доли меньше этого числа процентных пунктов — «на уровне прошлого года» (и большее изменение — тоже, если оно в пределах случайного разброса для такого числа участников).")
    tolerance_relative: float = option(1.0, "Изменение прочих показателей меньше этого числа процентов от прошлого значения — «на уровне прошлого года» (и большее — тоже, если оно в пределах случайного разброса).")
    trend_years: int = option(3, "Минимальное число лет для оценки тенденции.")
    mean_spread: dict = option({"1.07": 15.0, "1.08": 20.0, "1.18": 0.8}, "Разброс (стандартное отклонение) индивидуальных результатов для средних показателей, по кодам: из него считается интервал неопределённости среднего; показатель без разброса интервала не получает.")
    small_group: int = option(30, "Значение по группе меньше этого числа участников отмечается знаком осторожности; в сводке такой организации оценка «выше / на уровне / ниже» опирается на значение за последние три года вместе.")


@dataclass(frozen=True)
class ObjectivityConfig:
    confirmed_gap_pp: float = option(15.0, "Признак: доля подтвердивших отметку на ВПР ниже муниципальной на столько п. п. и более.")
    raised_gap_pp: float = option(10.0, "Признак: доля повысивших отметку на ВПР выше муниципальной на столько п. п. и более.")
    vpr_above_pp: float = option(15.0, "Признак: качество знаний по ВПР выше муниципального на столько п. п. и более при результатах ОГЭ/ЕГЭ не выше муниципальных.")
    medalist_index: float = option(20.0, "Признак: индекс неподтверждения результатов медалистов, %, не ниже этого значения.")
    gia_margin_pp: float = option(5.0, "Для признака «ВПР выше ОГЭ»: качество знаний по ОГЭ не выше муниципального более чем на столько п. п.")
    exclude_types: list = option(["gymnasium", "lyceum"], "Виды школ, к которым признак «ВПР выше ОГЭ» не применяется (углублённое изучение предметов).")
    vpr_vs_gia_base: str = option("region", "С чем признак «ВПР выше ОГЭ» сравнивает школу: region — со значением региона, как в федеральных критериях (рассчитанным по муниципалитетам сайта или из значений для сравнения), если за год есть оба значения региона (ВПР и ОГЭ), иначе — с муниципалитетом; municipality — всегда с муниципалитетом.")
    min_signals: int = option(1, "Сколько признаков делают школу школой «в зоне риска».")
    publish_risk_list: bool = option(False, "Публиковать список школ «в зоне риска» (сами показатели публикуются всегда).")


@dataclass(frozen=True)
class ShnorConfig:
    bottom_share: float = option(0.1, "Нижняя доля школ (0,1 — нижний дециль) по результату процедуры.")
    procedures: list = option(["ege", "oge", "vpr"], "Процедуры, по которым ищутся низкие результаты.")
    metrics: dict = option({"ege": "1.07", "oge": "1.18", "vpr": "1.20"}, "Показатель, по которому ранжируются школы в каждой процедуре.")
    min_procedures: int = option(2, "Во скольких процедурах школа должна оказаться в нижней доле.")
    consecutive_years: int = option(2, "Сколько лет подряд должно выполняться условие.")
    scope: str = option("municipality", "Среди каких школ ранжировать: municipality — внутри своего муниципального образования, region — среди всех школ сайта.")


@dataclass(frozen=True)
class RatingConfig:
    indicators: list = option(["1.07", "1.09", "1.14", "1.17", "1.21", "1.22"], "Коды показателей, из которых складывается рейтинговая оценка.")
    size_breaks: list = option([300, 800], "Границы численности обучающихся для кластеров по размеру школы.")
    min_cluster: int = option(3, "Минимальное число школ в кластере; меньшие кластеры объединяются с соседними.")
    min_indicators: int = option(3, "Минимальное число опубликованных показателей школы, при котором она получает рейтинговую оценку.")


@dataclass(frozen=True)
class SummaryConfig:
    school: list = option(["1.20", "1.17", "1.07", "1.09", "1.14", "1.03"], "Главные показатели в начале страницы школы (коды; показатель без значения у школы пропускается).")
    kindergarten: list = option(["8.02", "8.08", "8.04", "8.03", "8.07"], "Главные показатели в начале страницы детского сада.")
    additional: list = option(["3.12"], "Главные показатели в начале страницы организации дополнительного образования.")
    trends: bool = option(True, "Графики главных показателей по годам с вероятным диапазоном на странице организации (на сайте региона это несколько диаграмм на каждую из тысяч организаций; они кэшируются между сборками).")


@dataclass(frozen=True)
class ValidationConfig:
    max_file_mb: float = option(50.0, "Файл данных больше этого размера, МБ, не читается: проверка сообщает об ошибке, а не зависает.")
    jump_pp: float = option(20.0, "Предупреждение: доля у организации изменилась за год больше чем на столько п. п.")


@dataclass(frozen=True)
class PublishConfig:
    sections: list = option(
        ["directions", "indicators", "organisations", "shnor", "ratings", "opendata", "report"],
        "Разделы сайта, которые публикуются.",
    )


@dataclass(frozen=True)
class ReportConfig:
    title: str = option("О результатах анализа состояния и перспектив развития системы образования", "Заголовок итогового отчёта (ПП РФ № 662).")
    period: str = option("за {year} год", "Отчётный период под заголовком; {year} — календарный год отчёта.")
    font: str = option("Times New Roman", "Шрифт документа DOCX (в PDF — метрически совместимый Liberation Serif).")
    font_size: float = option(14.0, "Кегль основного текста DOCX, пт (от 8 до 20).")
    approver_position: str = option("", "Должность утверждающего отчёт (гриф «УТВЕРЖДАЮ»); пусто — строка для подписи без должности.")
    approver_name: str = option("", "Фамилия и инициалы утверждающего отчёт.")
    approval_date: str = option("", "Дата утверждения, ГГГГ-ММ-ДД; пусто — «___» ________ для даты от руки; она же — дата создания документа.")
    place: str = option("", "Место составления отчёта (населённый пункт) на титульном листе.")
    executor: str = option("", "Исполнитель отчёта: фамилия, имя, отчество, должность.")
    executor_contacts: str = option("", "Контакты исполнителя; пусто — телефон и почта из site.phone и site.email.")
    targets: list = option([], "Целевые значения муниципальной программы: список записей «indicator: код, year: год, value: значение», по желанию «owner: ответственный, deadline: срок».")


@dataclass(frozen=True)
class Config:
    format: int = option(FORMAT, "Формат проекта msoko-site; его ставит и меняет только команда «msoko upgrade».")
    site: SiteConfig = field(default_factory=SiteConfig, metadata={"doc": "Сайт и публикатор."})
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig, metadata={"doc": "Защита малых групп."})
    analytics: AnalyticsConfig = field(default_factory=AnalyticsConfig, metadata={"doc": "Сравнение и динамика."})
    objectivity: ObjectivityConfig = field(default_factory=ObjectivityConfig, metadata={"doc": "Признаки необъективности результатов."})
    shnor: ShnorConfig = field(default_factory=ShnorConfig, metadata={"doc": "Правило выявления ШНОР."})
    rating: RatingConfig = field(default_factory=RatingConfig, metadata={"doc": "Рейтинговая оценка в кластерах."})
    summary: SummaryConfig = field(default_factory=SummaryConfig, metadata={"doc": "Сводка в начале страницы организации."})
    validation: ValidationConfig = field(default_factory=ValidationConfig, metadata={"doc": "Проверка данных."})
    publish: PublishConfig = field(default_factory=PublishConfig, metadata={"doc": "Состав сайта."})
    report: ReportConfig = field(default_factory=ReportConfig, metadata={"doc": "Итоговый отчёт (ПП РФ № 662)."})


def _type_name(kind: Any) -> str:
    return {bool: "да/нет (true/false)", int: "целое число", float: "число", str: "строка", list: "список", dict: "словарь (ключ: значение)"}.get(kind, str(kind))


def _check_value(value: Any, kind: Any, where: str, problems: list[str]) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is bool and not isinstance(value, bool):
        problems.append(f"{where}: ожидается {_type_name(bool)}, получено «{value}».")
    elif kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        problems.append(f"{where}: ожидается {_type_name(int)}, получено «{value}».")
    elif kind is not bool and kind is not int and not isinstance(value, kind):
        problems.append(f"{where}: ожидается {_type_name(kind)}, получено «{value}».")
    return value


def _build(cls: type, data: Any, where: str, problems: list[str]) -> Any:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(f"{where or 'файл'}: ожидается раздел с ключами, получено «{data}».")
        return cls()
    hints = typing.get_type_hints(cls)
    known = {item.name for item in dataclasses.fields(cls)}
    for key in data:
        if key not in known:
            problems.append(f"{where + '.' if where else ''}{key}: неизвестный ключ; допустимые: {', '.join(sorted(known))}.")
    values = {}
    for item in dataclasses.fields(cls):
        if item.name not in data:
            continue
        kind = hints[item.name]
        key = f"{where + '.' if where else ''}{item.name}"
        if dataclasses.is_dataclass(kind):
            values[item.name] = _build(kind, data[item.name], key, problems)
        else:
            origin = typing.get_origin(kind) or kind
            if isinstance(origin, types.UnionType):
                origin = str
            values[item.name] = _check_value(data[item.name], origin, key, problems)
    return cls(**values)


def parse_config(data: Any, source: str = "msoko.yml") -> Config:
    """Build a Config from parsed YAML, collecting every problem before raising one ConfigError."""
    problems: list[str] = []
    config = _build(Config, data, "", problems)
    if not problems:
        problems.extend(_semantic_problems(config))
    if problems:
        raise ConfigError(f"Ошибки в файле настроек {source}:\n" + "\n".join(f"  • {p}" for p in problems))
    return config


#: the sections of the site (``publish.sections``), in the order of the menu
SECTIONS = ("directions", "indicators", "organisations", "shnor", "ratings", "opendata", "report")
#: what the signal «ВПР выше ОГЭ» compares a school with (``objectivity.vpr_vs_gia_base``)
OBJECTIVITY_BASES = ("region", "municipality")
#: the kinds of school (``objectivity.exclude_types``): the registry's ``type`` values of schools
SCHOOL_TYPES = ("secondary", "basic", "primary", "gymnasium", "lyceum", "boarding", "cadet")


def _choices(key: str, values: Any, allowed: typing.Iterable[str], what: str) -> list[str]:
    """A list option whose items must be among ``allowed``: one problem naming the key, the unknown items and
    the valid choices (as MkDocs' ``Choice`` does)."""
    allowed = list(allowed)
    unknown = [str(item) for item in values if str(item) not in allowed]
    if not unknown:
        return []
    values_word = "неизвестное значение" if len(unknown) == 1 else "неизвестные значения"
    return [f"{key}: {values_word} «{'», «'.join(unknown)}»; допустимые {what}: {', '.join(allowed)}."]


def catalogue_problems(config: Config, codes: typing.Iterable[str]) -> list[str]:
    """Indicator codes in the settings that the project's catalogue does not have (checked once the data
    packages are at hand: the catalogue is the project's own)."""
    codes = sorted(set(map(str, codes)), key=lambda code: [int(part) if part.isdigit() else part for part in code.split(".")])
    problems = _choices("rating.indicators", config.rating.indicators, codes, "коды показателей")
    problems += _choices("shnor.metrics", config.shnor.metrics.values(), codes, "коды показателей")
    for kind in ("school", "kindergarten", "additional"):
        problems += _choices(f"summary.{kind}", getattr(config.summary, kind), codes, "коды показателей")
    problems += _choices("analytics.mean_spread", config.analytics.mean_spread, codes, "коды показателей")
    return problems


def _semantic_problems(config: Config) -> list[str]:
    problems = []
    problems += _choices("publish.sections", config.publish.sections, SECTIONS, "разделы")
    problems += _choices("objectivity.exclude_types", config.objectivity.exclude_types, SCHOOL_TYPES, "виды школ")
    problems += _choices("objectivity.vpr_vs_gia_base", [config.objectivity.vpr_vs_gia_base], OBJECTIVITY_BASES, "значения")
    problems += _choices("shnor.metrics", config.shnor.metrics, ("ege", "oge", "vpr"), "процедуры")
    if config.privacy.min_group < 1:
        problems.append("privacy.min_group: порог должен быть не меньше 1.")
    if config.privacy.protection_width < 0:
        problems.append("privacy.protection_width: ширина защиты не может быть отрицательной (0 — по порогу min_group).")
    for position, item in enumerate(config.privacy.exemptions, start=1):
        if not isinstance(item, dict) or set(item) != {"dataset", "reason"} or not str(item.get("reason", "")).strip():
            problems.append(f"privacy.exemptions, запись {position}: ожидается «dataset: набор» и непустое «reason: причина».")
        elif item["dataset"] not in ("ege", "oge", "vpr", "graduation", "olympiad"):
            problems.append(f"privacy.exemptions, запись {position}: неизвестный набор «{item['dataset']}»; допустимы ege, oge, vpr, graduation, olympiad.")
    oktmo = config.site.oktmo
    if oktmo and not (oktmo.isdigit() and len(oktmo) == 8):
        problems.append(f"site.oktmo: ОКТМО муниципального образования — 8 цифр, получено «{oktmo}».")
    inn = config.site.authority_inn
    if inn and not (inn.isdigit() and len(inn) == 10):
        problems.append(f"site.authority_inn: ИНН органа управления образованием — 10 цифр, получено «{inn}».")
    problems += site_address_problems(config.site)
    if not 0 < config.shnor.bottom_share < 1:
        problems.append("shnor.bottom_share: доля должна быть между 0 и 1 (например, 0,1 — нижний дециль).")
    if config.shnor.scope not in ("municipality", "region"):
        problems.append(f"shnor.scope: допустимо municipality или region, получено «{config.shnor.scope}».")
    missing = [p for p in config.shnor.procedures if p not in config.shnor.metrics]
    if missing:
        problems.append(f"shnor.metrics: не указан показатель для процедур {', '.join(missing)}.")
    if config.shnor.min_procedures > len(config.shnor.procedures) or config.shnor.min_procedures < 1:
        problems.append("shnor.min_procedures: должно быть от 1 до числа процедур в shnor.procedures.")
    if config.shnor.consecutive_years < 1:
        problems.append("shnor.consecutive_years: должно быть не меньше 1.")
    breaks = config.rating.size_breaks
    if any(not isinstance(b, int | float) for b in breaks) or list(breaks) != sorted(breaks):
        problems.append("rating.size_breaks: ожидается возрастающий список чисел (например, [300, 800]).")
    if config.analytics.small_group < 1:
        problems.append("analytics.small_group: порог должен быть не меньше 1.")
    if any(isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in config.analytics.mean_spread.values()):
        problems.append("analytics.mean_spread: разброс — неотрицательное число для каждого кода (например, «1.07»: 15).")
    if config.analytics.trend_years < 2:
        problems.append("analytics.trend_years: для тенденции нужно не меньше 2 лет.")
    unknown = set(config.shnor.procedures) - {"ege", "oge", "vpr"}
    if unknown:
        problems.append(f"shnor.procedures: неизвестные процедуры {', '.join(sorted(unknown))}; допустимы ege, oge, vpr.")
    problem = format_problem(config.format, "format")
    if problem is not None:
        problems.append(str(problem))
    if config.validation.max_file_mb <= 0:
        problems.append("validation.max_file_mb: предел размера файла должен быть больше нуля.")
    problems += report_problems(config.report)
    return problems


def _iso_date(text: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def report_problems(report: ReportConfig) -> list[str]:
    """The ``report:`` settings: a readable font size, ISO dates, well-formed target records."""
    problems = []
    if not 8 <= report.font_size <= 20:
        problems.append(f"report.font_size: кегль от 8 до 20 пт, получено «{report.font_size}».")
    if not report.font.strip():
        problems.append("report.font: укажите название шрифта (например, Times New Roman).")
    if report.approval_date and not _iso_date(report.approval_date):
        problems.append(f"report.approval_date: дата в виде ГГГГ-ММ-ДД, получено «{report.approval_date}».")
    try:
        report.period.format(year=2025)
    except (KeyError, IndexError, ValueError):
        problems.append(f"report.period: в «{report.period}» допустима только подстановка {{year}} (год отчёта).")
    for position, item in enumerate(report.targets, start=1):
        where = f"report.targets, запись {position}"
        if not isinstance(item, dict):
            problems.append(f"{where}: ожидается «indicator: код, year: год, value: значение».")
            continue
        unknown = set(item) - {"indicator", "year", "value", "owner", "deadline"}
        if unknown:
            problems.append(f"{where}: неизвестные ключи {', '.join(sorted(map(str, unknown)))}; допустимы indicator, year, value, owner, deadline.")
        if not str(item.get("indicator", "")).strip():
            problems.append(f"{where}: не указан код показателя (indicator).")
        year = item.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            problems.append(f"{where}: year — год числом (например, 2025), получено «{year}».")
        value = item.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{where}: value — число (целевое значение в единице показателя), получено «{value}».")
    return problems


_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"'.]+")
_URL = re.compile(r"https?://[^\s/?#<>\"']+(/[^\s?#<>\"']*)?")


def site_address_problems(site: SiteConfig) -> list[str]:
    """The e-mail in every page's feedback link and the site's address (canonical links, the sitemap, the 404
    page under a sub-path) must be usable as they are written into the pages."""
    problems = []
    if site.email and not _EMAIL.fullmatch(site.email.strip()):
        problems.append(f"site.email: ожидается адрес электронной почты вида uo@example.ru, получено «{site.email}».")
    if site.url and not _URL.fullmatch(site.url.strip()):
        problems.append(f"site.url: ожидается адрес сайта вида https://edu.example.ru/ или https://example.ru/msoko/ "
                        f"(без параметров и якоря), получено «{site.url}».")
    return problems


def load_config(path: Path) -> Config:
    """Read and validate ``msoko.yml``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ConfigError(f"Файл настроек {path} не найден.") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"Файл настроек {path} не в кодировке UTF-8.", "сохраните его в UTF-8.") from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"Файл настроек {path} не читается как YAML: {error}") from error
    return parse_config(data, str(path))


def documented_options(cls: type = Config, prefix: str = "") -> list[tuple[str, str]]:
    """Every option as (dotted key, documentation), for the README and its completeness test."""
    rows: list[tuple[str, str]] = []
    hints = typing.get_type_hints(cls)
    for item in dataclasses.fields(cls):
        key = f"{prefix}{item.name}"
        if dataclasses.is_dataclass(hints[item.name]):
            rows.extend(documented_options(hints[item.name], key + "."))
        else:
            rows.append((key, item.metadata["doc"]))
    return rows
