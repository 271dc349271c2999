"""Validation problems as data: a catalogue of problem types and the report that collects them.

Every check reports ``Problem`` objects instead of raising, so that one run shows the analyst every mistake
at once, tests can compare flattened rows (type, file, row, column) and the build can still refuse to
publish through ``Report.raise_for_errors``. Each type has a Russian title, a message template and a hint
that says what to do; the template's placeholders are filled by the check that finds the problem.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from ..errors import DataError

Severity = Literal["error", "warning"]
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: what it is called, how its message reads and what the analyst should do."""

    type: str
    title: str
    template: str
    hint: str
    severity: Severity = "error"


def _types(*items: ProblemType) -> dict[str, ProblemType]:
    return {item.type: item for item in items}


SAVE_AS_CSV = "в Excel: «Файл → Сохранить как → CSV UTF-8 (разделитель — запятая)»; в LibreOffice: кодировка «Юникод (UTF-8)», разделитель — запятая"

#: the catalogue of every problem the validator reports (``type`` → description)
TYPES = _types(
    # the package and its files
    ProblemType("descriptor-error", "Ошибка в описании пакета", "{detail}", "исправьте файл datapackage.json или восстановите его из исходного проекта"),
    ProblemType("project-format", "Проект другой версии программы", "{detail}", "{hint}"),
    ProblemType("file-missing", "Нет файла", "файл описан в datapackage.json, но его нет в папке пакета", "положите файл в папку пакета (имя — {name}) или восстановите его из выгрузки"),
    ProblemType("file-too-large", "Слишком большой файл", "размер файла {size} больше допустимых {limit}; файл не читается", "проверьте, тот ли это файл; предел задаёт параметр validation.max_file_mb в msoko.yml"),
    ProblemType("file-empty", "Пустой файл", "файл пуст: нет даже строки заголовков", "выгрузите таблицу заново; первая строка — названия столбцов: {columns}"),
    ProblemType("encoding", "Кодировка не UTF-8", "файл не в кодировке UTF-8; по всей видимости, {encoding}", "пересохраните файл в UTF-8: " + SAVE_AS_CSV),
    ProblemType("bom", "Метка BOM в начале файла", "файл начинается с метки порядка байтов (BOM), так сохраняет Excel", "файл прочитан; для открытых данных лучше сохранить его в UTF-8 без BOM", "warning"),
    ProblemType("delimiter", "Неверный разделитель", "столбцы разделены символом {delimiter}, а не запятой", "сохраните таблицу как CSV с разделителем-запятой: " + SAVE_AS_CSV),
    ProblemType("csv-syntax", "Файл не читается как CSV", "{detail}", "текст с запятыми или переводами строк берётся в двойные кавычки, а кавычка внутри текста удваивается (\"\"); пересохраните файл из Excel как CSV"),
    ProblemType("header-missing-column", "Нет столбца", "в строке заголовков нет столбца {column}", "добавьте столбец; столбцы по порядку: {columns}"),
    ProblemType("header-extra-column", "Лишний столбец", "столбец {value} не описан в схеме данных", "удалите столбец или исправьте его название; столбцы по порядку: {columns}"),
    ProblemType("header-renamed-column", "Столбец назван иначе", "в {position}-м столбце заголовок {value}, а ожидается {column}", "верните столбцу название {name}: заголовки — латинские имена из схемы данных"),
    ProblemType("header-order", "Столбцы переставлены", "столбцы идут в другом порядке: {value}", "расставьте столбцы по порядку: {columns}"),
    ProblemType("header-duplicate", "Повтор столбца", "столбец {value} встречается в заголовке дважды", "удалите повторный столбец"),
    ProblemType("table-empty", "Пустая таблица", "в файле только строка заголовков, данных нет", "если данных за период действительно нет, ничего делать не нужно; иначе выгрузите таблицу заново", "warning"),
    # rows and cells
    ProblemType("cells-not-checked", "Проверка ячеек остановлена", "найдено {count} ошибок в ячейках; остальные ячейки файла не проверялись", "исправьте найденное (часто это один столбец целиком) и запустите проверку снова"),
    ProblemType("blank-row", "Пустая строка", "строка пуста", "удалите пустую строку"),
    ProblemType("extra-cell", "Лишние ячейки", "в строке {count} ячеек вместо {expected}: {value}", "возможно, в числе десятичная запятая без кавычек («3,5» вместо «3.5») или в тексте есть запятая без кавычек; исправьте строку"),
    ProblemType("missing-cell", "Не хватает ячеек", "в строке {count} ячеек вместо {expected}", "заполните пропущенные ячейки; разделитель — запятая"),
    ProblemType("required", "Пустая обязательная ячейка", "ячейка обязательна, но пуста", "заполните ячейку: {description}"),
    ProblemType("type-error", "Неверный тип значения", "значение {value} не {expected}", "{advice}"),
    ProblemType("decimal-comma", "Десятичная запятая", "в числе {value} десятичная запятая", "в файлах данных дробная часть отделяется точкой: {fixed}"),
    ProblemType("not-finite", "Не число", "значение {value} не является конечным числом", "укажите число или оставьте ячейку пустой, если значения нет"),
    ProblemType("minimum", "Значение меньше допустимого", "значение {value} меньше допустимого минимума {limit}", "проверьте значение: {description}"),
    ProblemType("maximum", "Значение больше допустимого", "значение {value} больше допустимого максимума {limit}", "проверьте значение: {description}"),
    ProblemType("min-length", "Слишком короткий текст", "значение {value} короче {limit}", "проверьте значение: {description}"),
    ProblemType("max-length", "Слишком длинный текст", "значение {value} длиннее {limit}", "сократите текст: {description}"),
    ProblemType("pattern", "Неверный формат", "значение {value} не соответствует формату столбца", "{description}"),
    ProblemType("enum", "Значение не из списка", "значение {value} не из списка допустимых", "допустимые значения: {allowed}"),
    ProblemType("oktmo-format", "Неверный формат ОКТМО", "код ОКТМО {value} должен состоять из 8 цифр", "укажите 8-значный код муниципального образования по ОКТМО (без пробелов; в Excel задайте столбцу текстовый формат, чтобы не терялись ведущие нули)"),
    ProblemType("inn-format", "Неверный формат ИНН", "ИНН {value} должен состоять из 10 цифр", "укажите 10-значный ИНН юридического лица (без пробелов; столбец в Excel — текстовый)"),
    ProblemType("ogrn-format", "Неверный формат ОГРН", "ОГРН {value} должен состоять из 13 цифр", "укажите 13-значный ОГРН (без пробелов; столбец в Excel — текстовый, иначе число превращается в 1,02E+12)"),
    ProblemType("id-path", "Символы пути в коде", "код {value} содержит символы пути («/», «\\» или «..»)", "коды становятся адресами страниц: используйте только латинские строчные буквы, цифры и дефис"),
    ProblemType("formula", "Формула в ячейке", "ячейка начинается с символа {symbol}: {value} — при открытии в Excel это будет формула", "уберите знак в начале ячейки; если он нужен, начните текст с другого символа"),
    ProblemType("control-character", "Непечатаемый символ", "в тексте {value} есть непечатаемый символ с кодом {code}", "удалите символ: он появляется при копировании из других программ и ломает страницы сайта"),
    ProblemType("line-break", "Перенос строки в ячейке", "в тексте {value} есть перенос строки (в Excel он ставится сочетанием Alt+Enter)", "напишите текст в одну строку: названия, коды и адреса на сайте и в открытых данных выводятся одной строкой"),
    ProblemType("script", "Сценарий в тексте", "в тексте {value} есть сценарий (script или обработчик события): так пытаются выполнить код в браузере читателя", "удалите разметку: в названиях и адресах допустим только обычный текст"),
    ProblemType("unsafe-url", "Недопустимый адрес", "адрес {value} начинается не с http:// или https://", "укажите адрес сайта полностью, например https://school1.example.ru"),
    ProblemType("html", "HTML в тексте", "в тексте {value} есть HTML-разметка; на сайте она будет показана как текст, а не выполнена", "уберите угловые скобки и разметку из названия", "warning"),
    # keys and references
    ProblemType("duplicate-key", "Повтор ключа", "строка повторяет {key} строки {other}", "оставьте одну строку с такими значениями: удалите лишнюю или исправьте ключ"),
    ProblemType("unknown-organisation", "Неизвестная организация", "организации с кодом {value} нет в реестре ({target})", "добавьте организацию в реестр или исправьте код"),
    ProblemType("unknown-indicator", "Неизвестный показатель", "показателя с кодом {value} нет в каталоге ({target})", "исправьте код показателя по каталогу показателей"),
    ProblemType("unknown-municipality", "Неизвестное муниципальное образование", "муниципального образования с кодом ОКТМО {value} нет в реестре ({target})", "добавьте муниципальное образование в реестр или исправьте код"),
    ProblemType("unknown-subject", "Неизвестный предмет", "предмета с кодом {value} нет в списке предметов ({target})", "исправьте код предмета или добавьте предмет в список"),
    ProblemType("unknown-reference", "Ссылка на несуществующую запись", "значения {value} нет в {target}", "исправьте значение или добавьте запись, на которую оно ссылается"),
    # identifiers
    ProblemType("inn-checksum", "Неверный ИНН", "ИНН {value} не проходит проверку контрольной цифры (ожидается последняя цифра {expected})", "сверьте ИНН с выпиской из ЕГРЮЛ: вероятно, опечатка"),
    ProblemType("ogrn-checksum", "Неверный ОГРН", "ОГРН {value} не проходит проверку контрольной цифры (ожидается последняя цифра {expected})", "сверьте ОГРН с выпиской из ЕГРЮЛ: вероятно, опечатка"),
    ProblemType("parent-self", "Организация — сама себе головная", "организация {value} указана головной для самой себя", "оставьте ячейку пустой для самостоятельной организации"),
    # territories
    ProblemType("territory-cycle", "Территории вложены по кругу", "территория {value} оказывается внутри самой себя: {path}", "у одной из территорий цепочки исправьте код вышестоящей территории (parent_id)"),
    ProblemType("territory-kind-order", "Вид территории не по порядку", "территория {value} ({kind}) указана внутри территории «{parent}» ({parent_kind}), а {kind} не входит в {parent_kind}", "проверьте вид территории или код вышестоящей территории; порядок сверху вниз: {order}"),
    ProblemType("territory-municipality", "Территория в другом муниципальном образовании", "{what} {value} относится к ОКТМО {oktmo}, а территория «{parent}» — к ОКТМО {parent_oktmo}", "территория и всё, что в неё входит, относятся к одному муниципальному образованию: исправьте ОКТМО или код территории"),
    ProblemType("territories-missing", "Нет таблицы территорий", "организациям назначены территории, но файла {name} нет", "положите рядом таблицу территорий или удалите файл территорий организаций"),
    # years
    ProblemType("future-year", "Год в будущем", "год {value} ещё не закончился или не наступил (сейчас {current} год)", "год — это год окончания учебного года (2025 — 2024/25 учебный год); данные за незавершённый год не публикуются"),
    # reported values
    ProblemType("numerator-exceeds-denominator", "Числитель больше знаменателя", "числитель {value} больше знаменателя {denominator} для доли", "числитель доли — часть знаменателя; проверьте, не перепутаны ли столбцы"),
    ProblemType("denominator-missing", "Нет знаменателя", "для показателя {indicator} ({aggregation}) нужен знаменатель", "укажите знаменатель: {definition}"),
    ProblemType("denominator-zero", "Знаменатель равен нулю", "знаменатель равен 0: значение показателя {indicator} не определено", "если знаменатель равен нулю, строку не вносят"),
    ProblemType("denominator-for-sum", "Знаменатель у суммы", "у показателя-суммы {indicator} знаменатель не заполняется, указано {value}", "оставьте ячейку пустой; значение суммы равно числителю"),
    ProblemType("value-mismatch", "Значение не сходится", "значение {value} не сходится с числителем и знаменателем: {formula}", "пересчитайте значение или исправьте числитель и знаменатель"),
    ProblemType("share-range", "Доля больше 100 %", "значение доли {value} больше 100", "доля указывается в процентах, от 0 до 100"),
    ProblemType("not-reported", "Показатель вычисляется, а не вносится", "показатель {value} вычисляется из результатов оценочных процедур, его значения не вносятся вручную", "удалите строку: значение рассчитает генератор"),
    ProblemType("wrong-level", "Показатель другого уровня", "показатель {value} относится к уровню «{level}», а не «{expected}»", "перенесите значение в файл {other_file} или исправьте код показателя"),
    ProblemType("wrong-kind", "Показатель для другого типа организаций", "показатель {value} относится к организациям типа «{applies_to}», а {org} — «{kind}»", "проверьте код показателя или код организации"),
    ProblemType("formula-syntax", "Формула показателя не читается", "показатель {value}: {detail}", "формула пишется так: набор[фильтры]:числитель/знаменатель, например vpr[grade=4]:mark3+mark4+mark5/participants"),
    # assessments
    ProblemType("marks-sum", "Сумма отметок не равна числу участников", "{detail}", "число участников равно сумме отметок «2», «3», «4» и «5»; сверьте строку с протоколом"),
    ProblemType("vpr-comparison-sum", "Понизили + подтвердили + повысили ≠ участники", "{detail}", "каждый участник ВПР либо понизил, либо подтвердил, либо повысил отметку; сверьте строку с отчётом ФИС ОКО"),
    ProblemType("exceeds-participants", "Больше, чем участников", "{detail}", "часть участников не может быть больше их числа; проверьте, не перепутаны ли столбцы"),
    ProblemType("ege-thresholds", "Нарушен порядок пороговых баллов ЕГЭ", "{detail}", "набравших не менее 80 баллов не больше, чем набравших не менее 70, и так далее до 100 баллов; сверьте строку с протоколом"),
    ProblemType("medalists-order", "Медалисты не сходятся", "{detail}", "не подтвердившие результат медалисты входят в число медалистов, а медалисты — в число участников"),
    ProblemType("graduation-order", "Итоги ГИА не сходятся", "{detail}", "допущенные и получившие аттестат входят в число выпускников, аттестаты с отличием и медали — в число аттестатов"),
    ProblemType("grade9-medalists", "Медали в 9 классе", "в 9 классе указано медалистов: {value}", "медаль «За особые успехи в учении» вручается выпускникам 11 класса; для 9 класса укажите 0"),
    ProblemType("olympiad-awards", "Победителей и призёров больше участников", "{detail}", "победители и призёры входят в число участников этапа"),
    ProblemType("not-a-school", "Результаты не школы", "{org} — не общеобразовательная организация (тип «{kind}»), а в файле есть её {what}", "проверьте код организации"),
    ProblemType("ege-subject-without-minimum", "Предмет ЕГЭ без минимального балла", "для предмета {value} в списке предметов не указан минимальный балл ЕГЭ", "укажите минимальный балл в subjects.csv", "warning"),
    # year-to-year warnings
    ProblemType("jump", "Резкое изменение за год", "{detail}", "проверьте данные обоих лет: такое изменение бывает, но чаще это ошибка ввода", "warning"),
    ProblemType("missing-year", "Пропущен год", "у организации {value} нет данных за {years}, хотя есть за годы до и после", "проверьте, не потерялись ли строки при выгрузке", "warning"),
)


@dataclass(frozen=True)
class Problem:
    """One problem found in the data, located as the analyst sees it in Excel (header = row 1)."""

    type: str
    message: str
    file: str = ""
    row: int | None = None
    column: str = ""
    column_title: str = ""
    value: str = ""
    hint: str = ""
    severity: Severity = "error"
    #: the values the message was made from (``make_problem``'s parameters), for a machine-readable report
    params: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def title(self) -> str:
        return TYPES[self.type].title

    @property
    def location(self) -> str:
        """«registry/organisations.csv, строка 5, столбец «ИНН» (inn)» — as much as is known."""
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.column:
            parts.append(f"столбец «{self.column_title}» ({self.column})" if self.column_title else f"столбец {self.column}")
        return ", ".join(parts)

    def text(self) -> str:
        """The problem in one plain line: where, what, what to do."""
        where = f"{self.location}: " if self.location else ""
        hint = f" Что сделать: {self.hint}." if self.hint else ""
        return f"{where}{self.message}.{hint}"


def make_problem(type: str, *, file: str = "", row: int | None = None, column: str = "", column_title: str = "", value: object = "", **params: object) -> Problem:
    """Fill a problem type's templates; ``value`` is shown in «ёлочки» as ``{value}``."""
    kind = TYPES[type]
    shown = _quote(value)
    fields = {"value": shown, "column": f"«{column_title}» ({column})" if column_title else column, "name": column, **{k: str(v) for k, v in params.items()}}
    return Problem(
        type=type,
        message=kind.template.format(**fields),
        file=file,
        row=row,
        column=column,
        column_title=column_title,
        value="" if value is None else str(value),
        hint=kind.hint.format(**fields),
        severity=kind.severity,
        params={key: str(item) for key, item in sorted(params.items())},
    )


def _quote(value: object) -> str:
    """The value in «ёлочки», shortened, with control characters and line breaks made visible."""
    text = "" if value is None else str(value)
    text = CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
    if len(text) > 80:
        text = text[:77] + "…"
    return "«" + text.replace("«", "„").replace("»", "“") + "»"


@dataclass
class Report:
    """Everything one validation run found, with what it read (for the summary line)."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    rows: int = 0
    seconds: float = 0.0

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when nothing stops publication (warnings are allowed)."""
        return not self.errors

    def as_data(self) -> dict:
        """The report as data (``msoko validate --format json``), for a regional system's own checks."""
        return {
            "ok": self.ok, "errors": len(self.errors), "warnings": len(self.warnings),
            "files": self.files, "rows": self.rows,
            "problems": [{"type": p.type, "title": p.title, "severity": p.severity, "file": p.file, "row": p.row,
                          "column": p.column, "column_title": p.column_title, "value": p.value,
                          "parameters": p.params, "message": p.message, "hint": p.hint} for p in self.problems],
        }

    def counts(self) -> Counter[str]:
        return Counter(p.type for p in self.problems)

    def flatten(self, fields: tuple[str, ...] | list[str] = ("type", "file", "row", "column")) -> list[list[object]]:
        """Problems as rows of the requested attributes, for tests and machine-readable output."""
        return [[getattr(p, name) for name in fields] for p in self.problems]

    def sorted(self) -> list[Problem]:
        """Errors before warnings, then by file, row and column; the order of discovery breaks ties."""
        order = {"error": 0, "warning": 1}
        return sorted(self.problems, key=lambda p: (order[p.severity], p.file, p.row or 0, p.column))

    def raise_for_errors(self) -> None:
        """Raise ``DataError`` with the collapsed Russian summary when there is any error."""
        if self.ok:
            return
        from .report import render_text

        raise DataError(render_text(self, severity="error"), "исправьте файлы и проверьте их снова командой «msoko validate».")
