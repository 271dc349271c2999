"""Domain rules: what a table can satisfy on its own schema and still be wrong for education statistics.

Each rule works on whole columns of the typed frames (pandas), and makes a ``Problem`` only for the rows
that break it. A row whose cells already have a structural problem is skipped, so one typo is reported once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..compute.formula import FormulaError, check_columns, parse_formula
from ..typography import fmt_number
from .identifiers import inn_check_digit, ogrn_check_digit
from .problems import Problem, make_problem
from .structure import Table, pick

ASSESSMENTS = {"ege": "результаты ЕГЭ", "oge": "результаты ОГЭ", "vpr": "результаты ВПР", "olympiad": "результаты олимпиады", "graduation": "итоги ГИА"}
AGGREGATIONS = {"share": "доля", "mean": "среднее", "ratio": "отношение", "sum": "сумма"}
LEVELS = {"organisation": "организация", "municipality": "муниципальное образование"}
KINDS = {"school": "школа", "kindergarten": "детский сад", "additional": "дополнительное образование", "municipality": "муниципальное образование"}


@dataclass(frozen=True)
class Comparison:
    """``sum(left) <op> sum(right)`` for every row of ``resource``; ``column`` is where the report points."""

    resource: str
    type: str
    left: tuple[str, ...]
    op: str  # "==" or "<="
    right: tuple[str, ...]
    column: str
    requirement: str


COMPARISONS = (
    Comparison("oge", "marks-sum", ("mark2", "mark3", "mark4", "mark5"), "==", ("participants",), "participants", "сумма отметок должна быть равна числу участников"),
    Comparison("vpr", "marks-sum", ("mark2", "mark3", "mark4", "mark5"), "==", ("participants",), "participants", "сумма отметок должна быть равна числу участников"),
    Comparison("vpr", "vpr-comparison-sum", ("lowered", "confirmed", "raised"), "==", ("participants",), "participants", "сумма должна быть равна числу участников"),
    Comparison("ege", "exceeds-participants", ("below_min",), "<=", ("participants",), "below_min", "не набравших минимальный балл не может быть больше, чем участников"),
    Comparison("ege", "exceeds-participants", ("ge70",), "<=", ("participants",), "ge70", "набравших 70 баллов не может быть больше, чем участников"),
    Comparison("ege", "ege-thresholds", ("ge80",), "<=", ("ge70",), "ge80", "набравшие 80 баллов входят в число набравших 70"),
    Comparison("ege", "ege-thresholds", ("ge90",), "<=", ("ge80",), "ge90", "набравшие 90 баллов входят в число набравших 80"),
    Comparison("ege", "ege-thresholds", ("score100",), "<=", ("ge90",), "score100", "набравшие 100 баллов входят в число набравших 90"),
    Comparison("ege", "medalists-order", ("medalists",), "<=", ("participants",), "medalists", "медалистов не может быть больше, чем участников"),
    Comparison("ege", "medalists-order", ("medalists_not_confirmed",), "<=", ("medalists",), "medalists_not_confirmed", "не подтвердившие результат медалисты входят в число медалистов"),
    Comparison("graduation", "graduation-order", ("admitted",), "<=", ("graduates",), "admitted", "допущенных к ГИА не может быть больше, чем выпускников"),
    Comparison("graduation", "graduation-order", ("certified",), "<=", ("graduates",), "certified", "получивших аттестат не может быть больше, чем выпускников"),
    Comparison("graduation", "graduation-order", ("with_honours",), "<=", ("certified",), "with_honours", "аттестаты с отличием входят в число полученных аттестатов"),
    Comparison("graduation", "graduation-order", ("medalists",), "<=", ("certified",), "medalists", "медалисты входят в число получивших аттестат"),
    Comparison("olympiad", "olympiad-awards", ("winners", "prize_winners"), "<=", ("participants",), "winners", "победителей и призёров вместе не может быть больше, чем участников"),
)


def _int(value: object) -> str:
    return fmt_number(value, 2, trim=True) if pd.notna(value) else "—"


def _clean_rows(table: Table, columns: tuple[str, ...] | list[str]) -> pd.Series:
    """True for rows where none of ``columns`` already has a problem."""
    if not table.flagged:
        return pd.Series(True, index=table.typed.index)
    bad = {row for row, column in table.flagged if column in columns}
    return ~table.typed.index.isin(bad)


def check_comparison(table: Table, rule: Comparison) -> list[Problem]:
    frame = table.typed
    left = frame[list(rule.left)].sum(axis=1, skipna=False)
    right = frame[list(rule.right)].sum(axis=1, skipna=False)
    broken = (left != right) if rule.op == "==" else (left > right)
    broken = broken.fillna(False) & _clean_rows(table, rule.left + rule.right)
    problems = []
    for row in frame.index[broken.to_numpy(dtype=bool)]:
        detail = f"{_sum_text(frame, row, rule.left)}, {_sum_text(frame, row, rule.right)}: {rule.requirement}"
        problems.append(make_problem(
            rule.type, file=table.file, row=int(row), column=rule.column, column_title=table.title(rule.column),
            value=_int(left[row]), detail=detail,
        ))
    return problems


def _sum_text(frame: pd.DataFrame, row: int, columns: tuple[str, ...]) -> str:
    values = [_int(frame.at[row, column]) for column in columns]
    if len(columns) == 1:
        return f"{columns[0]} = {values[0]}"
    total = _int(sum(frame.at[row, column] for column in columns))
    return f"{' + '.join(columns)} = {' + '.join(values)} = {total}"


def check_counts(tables: dict[str, Table | None]) -> list[Problem]:
    problems: list[Problem] = []
    for rule in COMPARISONS:
        table = pick(tables, rule.resource, *rule.left, *rule.right)
        if table is not None:
            problems.extend(check_comparison(table, rule))
    graduation = pick(tables, "graduation", "grade", "medalists")
    if graduation is not None:
        frame = graduation.typed
        broken = ((frame["grade"] == 9) & (frame["medalists"] > 0)).fillna(False) & _clean_rows(graduation, ("grade", "medalists"))
        for row in frame.index[broken.to_numpy(dtype=bool)]:
            problems.append(make_problem(
                "grade9-medalists", file=graduation.file, row=int(row), column="medalists",
                column_title=graduation.title("medalists"), value=_int(frame.at[row, "medalists"]),
            ))
    return problems


def check_identifiers(tables: dict[str, Table | None]) -> list[Problem]:
    """ИНН and ОГРН check digits; an organisation cannot be its own parent."""
    table = pick(tables, "organisations", "org_id", "inn", "ogrn", "parent_org_id")
    if table is None:
        return []
    problems: list[Problem] = []
    frame = table.typed
    for column, type, check in (("inn", "inn-checksum", inn_check_digit), ("ogrn", "ogrn-checksum", ogrn_check_digit)):
        clean = _clean_rows(table, (column,))
        for row, value in frame.loc[clean, column].dropna().items():
            expected = check(str(value))
            if expected is not None and expected != int(str(value)[-1]):
                problems.append(make_problem(
                    type, file=table.file, row=int(row), column=column, column_title=table.title(column), value=value, expected=expected,
                ))
    selfish = (frame["parent_org_id"] == frame["org_id"]).fillna(False)
    for row in frame.index[selfish.to_numpy(dtype=bool)]:
        problems.append(make_problem(
            "parent-self", file=table.file, row=int(row), column="parent_org_id", column_title=table.title("parent_org_id"),
            value=frame.at[row, "org_id"],
        ))
    return problems


def check_years(tables: dict[str, Table | None], today: dt.date) -> list[Problem]:
    """No data for a year that has not ended: ``year`` is the calendar year in which the school year ends."""
    problems: list[Problem] = []
    for name in tables:
        table = pick(tables, name, "year")
        if table is None:
            continue
        years = table.typed["year"]
        future = (years > today.year).fillna(False) & _clean_rows(table, ("year",))
        for row in table.typed.index[future.to_numpy(dtype=bool)]:
            problems.append(make_problem(
                "future-year", file=table.file, row=int(row), column="year", column_title=table.title("year"),
                value=table.raw.at[row, "year"], current=today.year,
            ))
    return problems


def check_organisation_kinds(tables: dict[str, Table | None]) -> list[Problem]:
    """Assessment results and ШНОР/ШФНСУ statuses belong to schools only."""
    organisations = pick(tables, "organisations", "org_id", "kind")
    if organisations is None:
        return []
    kinds = organisations.typed.drop_duplicates("org_id").set_index("org_id")["kind"]
    problems: list[Problem] = []
    for name, what in {**ASSESSMENTS, "statuses": "статус ШНОР или ШФНСУ"}.items():
        table = pick(tables, name, "org_id")
        if table is None:
            continue
        kind = table.typed["org_id"].map(kinds)
        wrong = (kind.notna() & (kind != "school")).fillna(False) & _clean_rows(table, ("org_id",))
        for row in table.typed.index[wrong.to_numpy(dtype=bool)]:
            org = table.typed.at[row, "org_id"]
            problems.append(make_problem(
                "not-a-school", file=table.file, row=int(row), column="org_id", column_title=table.title("org_id"),
                value=org, org=f"организация «{org}»", kind=KINDS.get(kind[row], kind[row]), what=what,
            ))
    return problems


def check_subjects(tables: dict[str, Table | None]) -> list[Problem]:
    """A subject taken as ЕГЭ needs its minimum score (the share below the minimum depends on it)."""
    subjects, ege = pick(tables, "subjects", "code", "ege_min_score"), pick(tables, "ege", "subject")
    if subjects is None or ege is None:
        return []
    used = set(ege.typed["subject"].dropna())
    frame = subjects.typed
    missing = frame["code"].isin(used) & frame["ege_min_score"].isna() & _clean_rows(subjects, ("ege_min_score",))
    return [
        make_problem(
            "ege-subject-without-minimum", file=subjects.file, row=int(row), column="ege_min_score",
            column_title=subjects.title("ege_min_score"), value=frame.at[row, "code"],
        )
        for row in frame.index[missing.fillna(False).to_numpy(dtype=bool)]
    ]


def _decimals(text: str) -> int:
    text = text.strip().lower()
    if "e" in text:
        return 12
    return len(text.split(".", 1)[1]) if "." in text else 0


def check_reported(tables: dict[str, Table | None]) -> list[Problem]:
    """Reported values: the catalogue says which indicators are reported, at which level, and how they aggregate."""
    catalogue = pick(tables, "indicators", "code", "method", "level", "applies_to", "aggregation", "denominator")
    if catalogue is None:
        return []
    info = catalogue.typed.drop_duplicates("code").set_index("code")
    organisations = pick(tables, "organisations", "org_id", "kind")
    kinds = None
    if organisations is not None:
        kinds = organisations.typed.drop_duplicates("org_id").set_index("org_id")["kind"]
    problems: list[Problem] = []
    for name, level, other in (("organisation_values", "organisation", "municipality_values"), ("municipality_values", "municipality", "organisation_values")):
        table = pick(tables, name, "indicator", "numerator", "denominator", "value", "org_id" if level == "organisation" else "indicator")
        if table is not None:
            problems.extend(_check_values(table, info, level, other, kinds if level == "organisation" else None))
    return problems


def _check_values(table: Table, info: pd.DataFrame, level: str, other: str, kinds: pd.Series | None) -> list[Problem]:
    frame = table.typed
    known = frame["indicator"].isin(info.index) & _clean_rows(table, ("indicator",))
    problems: list[Problem] = []
    done: set[int] = set()

    def report(rows: pd.Index, type: str, column: str, value_of, **params_of) -> None:
        for row in rows:
            if row in done:
                continue
            done.add(row)
            code = frame.at[row, "indicator"]
            params = {key: fn(row, code) for key, fn in params_of.items()}
            problems.append(make_problem(
                type, file=table.file, row=int(row), column=column, column_title=table.title(column), value=value_of(row, code), **params,
            ))

    def rows_where(mask: pd.Series) -> pd.Index:
        return frame.index[(mask.fillna(False) & known).to_numpy(dtype=bool)]

    code = frame["indicator"]
    method = code.map(info["method"])
    report(rows_where(method == "computed"), "not-reported", "indicator", lambda r, c: c)
    indicator_level = code.map(info["level"])
    other_file = f"monitoring/{other}.csv"
    report(
        rows_where(indicator_level != level), "wrong-level", "indicator", lambda r, c: c,
        level=lambda r, c: LEVELS.get(info.at[c, "level"], info.at[c, "level"]), expected=lambda r, c: LEVELS[level],
        other_file=lambda r, c: other_file,
    )
    if kinds is not None:
        kind = frame["org_id"].map(kinds)
        applies = code.map(info["applies_to"])
        report(
            rows_where(kind.notna() & (applies != kind)), "wrong-kind", "indicator", lambda r, c: c,
            applies_to=lambda r, c: KINDS.get(info.at[c, "applies_to"], info.at[c, "applies_to"]),
            org=lambda r, c: f"организация «{frame.at[r, 'org_id']}»", kind=lambda r, c: KINDS.get(kinds[frame.at[r, "org_id"]], ""),
        )
    aggregation = code.map(info["aggregation"])
    numerator, denominator, value = frame["numerator"], frame["denominator"], frame["value"]
    clean = _clean_rows(table, ("numerator", "denominator", "value"))
    has_ratio = aggregation.isin(["share", "mean", "ratio"]) & clean
    indicator_text = {
        "indicator": lambda r, c: f"«{c}»",
        "aggregation": lambda r, c: AGGREGATIONS.get(info.at[c, "aggregation"], ""),
        "definition": lambda r, c: str(info.at[c, "denominator"]) if pd.notna(info.at[c, "denominator"]) else "",
    }
    report(rows_where(has_ratio & denominator.isna()), "denominator-missing", "denominator", lambda r, c: "", **indicator_text)
    report(rows_where(has_ratio & (denominator == 0)), "denominator-zero", "denominator", lambda r, c: "0", indicator=indicator_text["indicator"])
    # the cause before its consequence: a numerator above the denominator is why the share exceeds 100
    report(
        rows_where((aggregation == "share") & clean & (numerator > denominator)), "numerator-exceeds-denominator", "numerator",
        lambda r, c: _int(numerator[r]), denominator=lambda r, c: f"«{_int(denominator[r])}»",
    )
    report(rows_where((aggregation == "share") & clean & (value > 100)), "share-range", "value", lambda r, c: table.raw.at[r, "value"])
    report(
        rows_where((aggregation == "sum") & clean & denominator.notna()), "denominator-for-sum", "denominator",
        lambda r, c: table.raw.at[r, "denominator"], indicator=indicator_text["indicator"],
    )
    # the value must agree with its numerator and denominator up to the rounding of the value as written
    ratio = numerator / denominator.where(denominator != 0)
    expected = ratio.where(aggregation != "share", 100 * ratio).where(aggregation != "sum", numerator)
    tolerance = table.raw["value"].fillna("").map(lambda text: 0.5 * 10 ** -_decimals(text) + 1e-9).astype("Float64")
    mismatch = ((value - expected).abs() > tolerance) & clean

    def formula(row: int, code: str) -> str:
        kind = aggregation[row]
        if kind == "sum":
            return f"для суммы значение равно числителю {_int(numerator[row])}"
        prefix = "100 × " if kind == "share" else ""
        return f"{prefix}{_int(numerator[row])} / {_int(denominator[row])} = {fmt_number(expected[row], 2)}"

    report(rows_where(mismatch), "value-mismatch", "value", lambda r, c: table.raw.at[r, "value"], formula=formula)
    return problems


def check_formulas(tables: dict[str, Table | None]) -> list[Problem]:
    """A computed indicator's formula must parse and read only columns its data set has: otherwise the build
    would stop at the computation, far from the catalogue row that is wrong."""
    catalogue = pick(tables, "indicators", "code", "method", "formula")
    if catalogue is None:
        return []
    frame = catalogue.typed
    problems = []
    for row in frame.index[(frame["method"] == "computed").fillna(False).to_numpy(dtype=bool)]:
        if (row, "formula") in catalogue.flagged:
            continue
        text = "" if pd.isna(frame.at[row, "formula"]) else str(frame.at[row, "formula"])
        try:
            formula = parse_formula(text)
            source = tables.get(formula.dataset)
            if source is not None:
                check_columns(formula, [spec["name"] for spec in source.resource.fields])
        except FormulaError as error:
            problems.append(make_problem(
                "formula-syntax", file=catalogue.file, row=int(row), column="formula", column_title=catalogue.title("formula"),
                value=frame.at[row, "code"], detail=error.message.rstrip("."),
            ))
    return problems


def check_rules(tables: dict[str, Table | None], today: dt.date) -> list[Problem]:
    return [
        *check_formulas(tables),
        *check_identifiers(tables),
        *check_years(tables, today),
        *check_organisation_kinds(tables),
        *check_subjects(tables),
        *check_counts(tables),
        *check_reported(tables),
    ]
