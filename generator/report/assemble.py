"""Build the ``Report`` of one year from the data, the configuration and the computed results.

Everything the three outputs print is decided here, once: which sections exist, which sentence each indicator
gets, which values Part II shows. The outputs only lay the model out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import typography as t
from ..compute import dynamics, methodology
from ..compute.dynamics import compare_band
from ..errors import DataError
from . import assessments, federal, narrative
from . import targets as targets_
from .analyst import analyst_block
from .grammar import lower_first as lower
from .model import (
    AnalystText,
    Block,
    Chart,
    Figure,
    Imprint,
    Paragraph,
    Part,
    Report,
    Row,
    Section,
    Series,
    Signature,
    Table,
)
from .narrative import IndicatorFacts
from .numbering import number_floats
from .structure import LEVELS, PART_I, PART_I_TITLE, PART_II, PART_II_TITLE, SectionSpec, named_codes

if TYPE_CHECKING:
    from ..compute.results import Results
    from ..config import Config
    from ..load import Dataset

REPORT_TITLE = "О результатах анализа состояния и перспектив развития системы образования"


def created_at(config: Config, year: int) -> dt.datetime:
    """The document's date: the approval date when set, otherwise 25 October of the next year (the deadline of
    ПП РФ № 662 for the final report) — derived from the data, never the clock, so the bytes are stable."""
    if config.report.approval_date:
        day = dt.date.fromisoformat(config.report.approval_date)
    else:
        day = dt.date(year + 1, 10, 25)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def signature(config: Config) -> Signature:
    date = ""
    if config.report.approval_date:
        date = t.fmt_date(dt.date.fromisoformat(config.report.approval_date))
    return Signature(config.report.approver_position, config.report.approver_name, date)


def imprint(config: Config, year: int) -> Imprint:
    report, site = config.report, config.site
    contacts = report.executor_contacts or ", ".join(
        item for item in (f"тел. {site.phone}" if site.phone else "", f"эл.{t.NBSP}почта {site.email}" if site.email else "")
        if item)
    return Imprint(place=report.place, executor=report.executor, contacts=contacts, font=report.font,
                   font_size=float(report.font_size), created=created_at(config, year))

KIND_NOUNS = {
    "school": ("общеобразовательная организация", "общеобразовательные организации", "общеобразовательных организаций"),
    "kindergarten": ("дошкольная образовательная организация", "дошкольные образовательные организации",
                     "дошкольных образовательных организаций"),
    "additional": ("организация дополнительного образования", "организации дополнительного образования",
                   "организаций дополнительного образования"),
}
TYPE_TITLES = {
    "secondary": "Средние общеобразовательные школы",
    "basic": "Основные общеобразовательные школы",
    "primary": "Начальные общеобразовательные школы",
    "gymnasium": "Гимназии",
    "lyceum": "Лицеи",
    "boarding": "Школы-интернаты",
    "cadet": "Кадетские школы",
    "kindergarten": "Детские сады",
    "development_centre": "Центры развития ребёнка — детские сады",
    "additional": "Организации дополнительного образования",
}
#: the objectivity signals of ``Results.objectivity``, named as on the site's methodology page
SIGNAL_TITLES = methodology.SIGNAL_TITLES


@dataclass(frozen=True)
class Scope:
    """The territory the report is about: the one municipality, or the region when there are several."""

    entity_type: str
    entity_id: str
    name: str


def report_scope(results: Results, config: Config) -> Scope:
    entities = results.entities
    regions = entities[entities["entity_type"] == "region"] if not entities.empty else entities
    if not regions.empty:
        row = regions.iloc[0]
        return Scope("region", str(row["entity_id"]), config.site.region or str(row["name"]))
    municipalities = entities[entities["entity_type"] == "municipality"]
    if municipalities.empty:
        raise DataError("В реестре нет ни одного муниципального образования: отчёт не о чем составлять.")
    row = municipalities.iloc[0]
    return Scope("municipality", str(row["entity_id"]), config.site.municipality or str(row["name"]))


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


class Values:
    """The published values of the report's territory, by (indicator, year)."""

    def __init__(self, results: Results, scope: Scope) -> None:
        frame = results.values
        frame = frame[(frame["entity_type"] == scope.entity_type) & (frame["entity_id"] == scope.entity_id)]
        self.rows = {(str(row.indicator), int(row.year)): row for row in frame.itertuples(index=False)}

    def published(self, code: str, year: int) -> float | None:
        row = self.rows.get((code, year))
        if row is None or bool(row.suppressed):
            return None
        return _number(row.value)

    def suppressed(self, code: str, year: int) -> bool:
        row = self.rows.get((code, year))
        return row is not None and bool(row.suppressed)

    def verdict(self, code: str, year: int) -> str | None:
        row = self.rows.get((code, year))
        if row is None or pd.isna(row.verdict):
            return None
        return str(row.verdict)

    def direction(self, code: str, year: int) -> str | None:
        """The one rule's decision on the change from the year before (``up`` / ``down`` / ``same``:
        ``generator.compute.dynamics``), for neutral indicators too."""
        row = self.rows.get((code, year))
        if row is None or "direction" not in row._fields or pd.isna(row.direction):
            return None
        return str(row.direction)

    def trend(self, code: str, year: int) -> str | None:
        row = self.rows.get((code, year))
        if row is None or "trend" not in row._fields or pd.isna(row.trend):
            return None
        return str(row.trend)

    def interval(self, code: str, year: int) -> tuple[float | None, float | None]:
        """The 95 % interval of the published value (``None, None`` for sums, ratios and hidden values)."""
        row = self.rows.get((code, year))
        if row is None or bool(row.suppressed) or "low" not in row._fields:
            return None, None
        return _number(row.low), _number(row.high)


class Assembler:
    """Turns the section outline into sections with blocks, for one year."""

    def __init__(self, dataset: Dataset, config: Config, results: Results, year: int, content: Path | None) -> None:
        self.dataset = dataset
        self.config = config
        self.results = results
        self.year = year
        self.content = content
        self.scope = report_scope(results, config)
        self.values = Values(results, self.scope)
        catalogue = results.catalogue if not results.catalogue.empty else dataset["indicators"]
        self.catalogue = {str(row["code"]): row for _, row in catalogue.iterrows()}
        self.directions = results.directions if not results.directions.empty else dataset["directions"]
        self.named = named_codes()
        self.told: set[str] = set()
        self._short_names: dict[str, str] | None = None
        self.builders: dict[str, Callable[[SectionSpec], list[Block]]] = {
            "territory": self.territory, "sources": self.sources, "network": self.network, "summary": self.summary,
            "finance": self.finance, "access": self.access, "gia": self.gia, "vpr": self.vpr,
            "objectivity": self.objectivity, "shnor": self.shnor,
            "improvements": self.improvements, "declines": self.declines,
            "outlook": self.outlook, "indicator_table": self.indicator_table, "federal_table": self.federal_table,
        }
        #: the level of education each told indicator belongs to (for the level's findings)
        self.level_of: dict[str, str] = {}

    # ---- facts -------------------------------------------------------------------------------------------
    def facts(self, code: str, year: int | None = None) -> IndicatorFacts | None:
        """The facts of one indicator in the year (``None`` when it has no published value)."""
        year = year or self.year
        entry = self.catalogue.get(code)
        value = self.values.published(code, year)
        if entry is None or value is None:
            return None
        previous = self.values.published(code, year - 1)
        return IndicatorFacts(
            code=code, name=str(entry["name"]), unit=str(entry["unit"]), value=value, previous=previous,
            verdict=self.values.verdict(code, year) if previous is not None else None,
            aggregation=str(entry["aggregation"]),
            before=self.values.published(code, year - 2) if previous is not None else None,
            trend=self.values.trend(code, year),
            # the site's rule decides, not the digits: a change within the tolerance, rounding to zero or inside
            # the chance spread of the difference is «на уровне прошлого года» on the pages and in the report
            steady=previous is not None and self.values.direction(code, year) == "same",
            by_chance=previous is not None and self.values.direction(code, year) == "same" and 0 < abs(
                round(value - previous, 1)) >= dynamics.tolerance(str(entry["aggregation"]), previous, self.config.analytics),
            **self.regional_facts(code, year, value, str(entry["aggregation"])),
            year=year,
        )

    def regional_facts(self, code: str, year: int, value: float, aggregation: str) -> dict:
        """The region's value beside the territory's (computed from the site's municipalities or the reference
        value, ``Results.regional``) and the site's decision about the gap (``compare_band``: by the value's 95 %
        interval, by the tolerance where there is none)."""
        if self.scope.entity_type == "region":
            return {}
        found = self.results.regional(code, year)
        if found is None:
            return {}
        low, high = self.values.interval(code, year)
        band = compare_band(value, low, high, found[0], aggregation, self.config.analytics)
        return {"regional": found[0], "regional_band": band}

    def all_facts(self) -> list[IndicatorFacts]:
        return [item for code in self.catalogue if (item := self.facts(code)) is not None]

    def sentences(self, codes: tuple[str, ...] | list[str], level: str = "") -> list[Block]:
        """One sentence per indicator not yet told about (those that stayed at last year's level told together);
        ``level`` records the level of education whose findings count the indicator."""
        blocks: list[Block] = []
        steady: list[IndicatorFacts] = []
        chance: list[IndicatorFacts] = []
        for code in codes:
            item = self.facts(code)
            if item is not None and code not in self.told:
                self.told.add(code)
                if level:
                    self.level_of[code] = level
                if narrative.movement(item) == "steady":
                    (chance if item.by_chance else steady).append(item)
                else:
                    blocks.append(narrative.indicator_sentence(item, variant=len(blocks)))
        for group, together in ((steady, narrative.steady_sentence), (chance, narrative.chance_sentence)):
            if len(group) == 1:
                blocks.append(narrative.indicator_sentence(group[0]))
            elif group:
                blocks.append(together(group))
        # the group sentences have no room for the region: its comparison follows them, in one sentence
        regional = narrative.regional_sentence([item for group in (steady, chance) if len(group) > 1 for item in group])
        if regional is not None:
            blocks.append(regional)
        return blocks

    # ---- sections ----------------------------------------------------------------------------------------
    def section(self, spec: SectionSpec, level: str = "") -> Section:
        """One section: the analyst's text, the lead, the context, one sentence per indicator (grouped where
        they stayed at last year's level), the special content, the level's findings; then the children."""
        level = spec.level or level
        blocks: list[Block] = []
        text = analyst_block(self.content, self.year, spec.id)
        if text is not None:
            blocks.append(text)
        if spec.lead:
            blocks.append(Paragraph((spec.lead,)))
        if spec.context:
            blocks.extend(self.builders[spec.context](spec))
        codes = [code for code in spec.indicators if code in self.catalogue] + self.leftovers(spec)
        blocks.extend(self.sentences(codes, level))
        if spec.builder:
            blocks.extend(self.builders[spec.builder](spec))
        children = tuple(self.section(child, level) for child in spec.children)
        if spec.findings and level:
            blocks.extend(self.findings(level))
        if not blocks and not children:
            blocks.append(Paragraph((f"Данных за {t.school_year(self.year)} учебный год по этому разделу нет.",)))
        return Section(spec.id, spec.number, spec.title, tuple(blocks), children)

    def leftovers(self, spec: SectionSpec) -> list[str]:
        """Codes of the catalogue that no section names, told in the section of their level of education (by
        ``applies_to``), so a project's own indicators are analysed where they belong."""
        if not spec.leftovers:
            return []
        return [code for code, entry in self.catalogue.items()
                if code not in self.named and str(entry.get("applies_to")) in spec.leftovers]

    def findings(self, level: str) -> list[Block]:
        facts = [item for code, where in self.level_of.items() if where == level and (item := self.facts(code))]
        return list(narrative.level_findings(LEVELS[level], facts, self.year))

    def territory(self, spec: SectionSpec) -> list[Block]:
        """Where the report is about: the territory, its municipalities or territorial divisions, and what the
        data say of the population (urban and rural schools are counted once, in the network section)."""
        site = self.config.site
        where = f"{self.scope.name} ({site.region})" if site.region and self.scope.entity_type != "region" else self.scope.name
        blocks: list[Block] = [Paragraph((f"Отчёт описывает систему образования территории: {where}.",))]
        municipalities = self.dataset["municipalities"]
        if len(municipalities) > 1:
            names = ", ".join(sorted(str(name) for name in municipalities["name"]))
            blocks.append(Paragraph((f"В отчёт включены {t.count_noun(len(municipalities), ('муниципальное образование', 'муниципальных образования', 'муниципальных образований'))}: {names}.",)))
        territories = self.dataset.tables.get("territories")
        if territories is not None and not territories.empty:
            top = territories[territories["parent_id"].isna()] if "parent_id" in territories.columns else territories
            names = ", ".join(sorted(str(name) for name in top["name"]))
            blocks.append(Paragraph((
                f"В состав территории {t.agree_with_count(len(top), t.NEUTER, ('входит', 'входит', 'входит', 'входят'))} "
            f"{t.count_noun(len(top), ('территориальное подразделение', 'территориальных подразделения', 'территориальных подразделений'))}: {names}.",)))
        blocks.append(Paragraph((
            "Численность населения и детей по возрастам берётся из данных Росстата; в отчёте она учтена в показателях "
            "доступности и охвата образованием (часть II, показатели 1.1.1, 1.1.2, 2.1.1 и 3.1.1).",)))
        return blocks

    def sources(self, spec: SectionSpec) -> list[Block]:
        """The period, the data and the one rule the words about change follow, stated once for the report."""
        years = self.results.years
        return [
            Paragraph((f"Отчётный период — {self.year}{t.NBSP}год; результаты государственной итоговой аттестации, ВПР "
                       f"и олимпиады — {t.school_year(self.year)} учебного года, который заканчивается в отчётном году.",)),
            Paragraph((
                "Отчёт составлен по данным муниципальной системы оценки качества образования за "
                f"{t.school_year(min(years))}–{t.school_year(max(years))} учебные годы, по формам статистического "
                "наблюдения (85-К, ОО-1, ОО-2, 1-ДО) и финансовой отчётности. Значения сравниваются с предыдущим годом; "
                "улучшение или ухудшение оценивается с учётом того, рост или снижение показателя желательны. "
                f"{self.tolerance_rule()}",
            )),
            Paragraph((
                "Значение сравнивается со средним по региону, где оно известно, по тому же правилу: «выше» или «ниже» "
                "пишется, только если весь 95-процентный интервал значения лежит выше или ниже регионального; иначе "
                "значение на уровне среднего по региону.",)),
            Paragraph((
                f"Значения по группам менее {t.count_noun_genitive(self.config.privacy.min_group, ('участника', 'участников'))} "
                "не публикуются (защита персональных данных), как и значения, по которым скрытое можно было бы "
                f"вычислить из итогов; в таблицах они обозначены знаком {t.quote(t.SUPPRESSED)}.",
            )),
        ]

    def finance(self, spec: SectionSpec) -> list[Block]:
        """Money and salaries by level of education: the federal indicators of the finance groups and the salary
        ratios, from the financial reports (the same values as in Part II)."""
        entries = federal.catalogue(self.dataset.tables.get("federal_indicators"))
        forms = federal.reported(self.dataset.tables.get("federal_values"))
        chosen = federal.finance_entries(entries)
        years = [year for year in (self.year - 1, self.year) if any((entry.code, year) in forms for entry in chosen)]
        if not chosen or not years:
            return [Paragraph(("Сведения о финансовом обеспечении (формы финансовой отчётности, ОО-2, 1-ДО) в данных "
                               "проекта не представлены.",))]
        rows = [Row(((entry.code,), (entry.name,), (entry.unit,),
                     *((Figure(federal.fmt(forms.get((entry.code, year)), entry.unit)),) for year in years)))
                for entry in chosen]
        return [
            Paragraph(("Финансовое обеспечение по уровням образования характеризуют расходы в расчёте на одного "
                       "обучающегося (воспитанника) и отношение заработной платы педагогических работников к средней "
                       "по субъекту Российской Федерации (значения форм финансовой отчётности; те же показатели — "
                       "в части II).",)),
            Table(f"Финансовое обеспечение по уровням образования, {', '.join(str(year) for year in years)} годы",
                  ("Код", "Показатель", "Единица измерения", *(str(year) for year in years)), tuple(rows),
                  (False, False, False, *([True] * len(years))), widths=(0.8, 5.2, 1.3, *([1.1] * len(years)))),
        ]

    def access(self, spec: SectionSpec) -> list[Block]:
        """The context a level starts from: the federal indicators of its first group (availability and
        coverage), from the statistical forms; values computed from МСОКО indicators are told with them."""
        entries = federal.catalogue(self.dataset.tables.get("federal_indicators"))
        forms = federal.reported(self.dataset.tables.get("federal_values"))
        spans: list = []
        for entry in federal.access_entries(entries, spec.level):
            value = forms.get((entry.code, self.year))
            if value is None:
                continue
            previous = forms.get((entry.code, self.year - 1))
            spans += [("; " if spans else ""), f"{lower(federal.short_name(entry))} (показатель {entry.code} части II) — ",
                      Figure(federal.fmt(value, entry.unit))]
            if previous is not None:
                spans += [" (годом ранее — ", Figure(federal.fmt(previous, entry.unit)), ")"]
        if not spans:
            return []
        return [Paragraph((f"По данным статистического наблюдения за {self.year}{t.NBSP}год: ", *spans, "."))]

    def network(self, spec: SectionSpec) -> list[Block]:
        organisations = self.dataset["organisations"]
        main = organisations[organisations["parent_org_id"].isna()]
        branches = len(organisations) - len(main)
        counts = [(int((main["kind"] == kind).sum()), forms) for kind, forms in KIND_NOUNS.items()]
        total = len(main)
        text = (
            f"Сеть образования включает {t.count_noun(total, ('образовательную организацию', 'образовательные организации', 'образовательных организаций'))}: "
            f"{narrative.count_list(counts)}"
        )
        if branches:
            text += f"; у организаций {t.count_noun(branches, ('филиал (корпус)', 'филиала (корпуса)', 'филиалов (корпусов)'))}"
        rural = int((main["locality"] == "rural").sum())
        if rural:
            verb = t.agree_with_count(rural, t.FEMININE, ("расположен", "расположена", "расположено", "расположены"))
            text += f". В сельской местности {verb} {t.count_noun(rural, ('организация', 'организации', 'организаций'))}."
        else:
            text += ". Организаций в сельской местности нет."
        rows = []
        for kind_type, title in TYPE_TITLES.items():
            part = main[main["type"] == kind_type]
            if part.empty:
                continue
            urban = int((part["locality"] == "urban").sum())
            rows.append(Row(((title,), (Figure(t.fmt_int(len(part))),), (Figure(t.fmt_int(urban)),),
                             (Figure(t.fmt_int(len(part) - urban)),))))
        rows.append(Row((("Всего",), (Figure(t.fmt_int(total)),), (Figure(t.fmt_int(total - rural)),),
                         (Figure(t.fmt_int(rural)),))))
        table = Table("Образовательные организации по типам", ("Тип организации", "Всего", "В городской местности",
                      "В сельской местности"), tuple(rows), (False, True, True, True), widths=(4, 1, 1.5, 1.5))
        return [Paragraph((text,)), table]

    def summary(self, spec: SectionSpec) -> list[Block]:
        blocks: list[Block] = []
        paragraph = narrative.verdict_summary(self.all_facts(), self.year)
        if paragraph is not None:
            blocks.append(paragraph)
        chart = self.headline_chart()
        if chart is not None:
            blocks.append(chart)
        return blocks

    def headline_chart(self) -> Chart | None:
        """The headline share indicators over all years: the picture of the whole system."""
        series = []
        for code, entry in self.catalogue.items():
            if str(entry.get("headline")).lower() != "true" or str(entry["unit"]) != "процент":
                continue
            points = tuple((t.school_year(year), value) for year in self.results.years if year <= self.year
                           if (value := self.values.published(code, year)) is not None)
            if len(points) >= 2:
                series.append((code, Series(str(entry["short_name"]), points)))
        if not series:
            return None
        first = min(year for year in self.results.years
                    if any(point[0] == t.school_year(year) for _, item in series for point in item.points))
        return Chart("headline", f"Ключевые показатели, %, {t.school_year(first)}–{t.school_year(self.year)}", "line",
                     tuple(item for _, item in series), "%", tuple(code for code, _ in series))

    def subject_names(self) -> dict[str, str]:
        subjects = self.dataset.tables.get("subjects")
        return {} if subjects is None else subjects.set_index("code")["name"].astype(str).to_dict()

    def procedure_scope(self) -> assessments.Scope:
        return assessments.Scope(self.scope.entity_type, self.scope.entity_id)

    def gia(self, spec: SectionSpec) -> list[Block]:
        """ЕГЭ and ОГЭ by subject (two school years, hidden rows «к»), with the region's mean where known, and the
        chart of the ЕГЭ means."""
        procedures = self.results.procedures or {}
        names = self.subject_names()
        analytics = self.config.analytics
        spreads = {str(code): float(value) for code, value in analytics.mean_spread.items()}
        blocks: list[Block] = []
        ege = assessments.ege_table(procedures.get("ege"), self.procedure_scope(), self.year, names,
                                    self.results.regional, assessments.subject_indicators(self.catalogue), spreads,
                                    analytics)
        if ege is not None:
            blocks += [Paragraph((f"Результаты единого государственного экзамена по предметам за "
                                  f"{t.school_year(self.year - 1)} и {t.school_year(self.year)} учебные годы: число "
                                  "участников, средний балл, доли результатов ниже минимального балла и 70 баллов и "
                                  "выше, число стобалльных результатов.",)), ege]
        blocks.extend(self.ege_chart(spec))
        oge = assessments.oge_table(procedures.get("oge"), self.procedure_scope(), self.year, names)
        if oge is not None:
            blocks += [Paragraph(("Результаты основного государственного экзамена по предметам: число участников, "
                                  "доля отметок «2», успеваемость, качество знаний и средняя отметка.",)), oge]
        return blocks

    def vpr(self, spec: SectionSpec) -> list[Block]:
        """ВПР by grade and subject in the report year."""
        table = assessments.vpr_table((self.results.procedures or {}).get("vpr"), self.procedure_scope(), self.year,
                                      self.subject_names())
        if table is None:
            return []
        return [Paragraph((f"Результаты всероссийских проверочных работ {t.school_year(self.year)} учебного года по "
                           "классам и предметам.",)), table]

    def ege_chart(self, spec: SectionSpec) -> list[Block]:
        """Mean ЕГЭ score by subject, this year beside the previous one (from the procedure table)."""
        table = self.results.procedures.get("ege") if self.results.procedures else None
        needed = {"entity_type", "entity_id", "year", "subject", "mean_score"}
        if table is None or not needed <= set(table.columns):
            return []
        frame = table[(table["entity_type"] == self.scope.entity_type) & (table["entity_id"] == self.scope.entity_id)]
        subjects = self.dataset["subjects"].set_index("code")["name"].astype(str).to_dict()
        series = []
        for year in (self.year - 1, self.year):
            rows = frame[(frame["year"] == year) & frame["mean_score"].notna()]
            points = tuple(sorted((subjects.get(str(row.subject), str(row.subject)), float(row.mean_score))
                                  for row in rows.itertuples(index=False)))
            if points:
                series.append(Series(t.school_year(year), points))
        if not series or max(len(item.points) for item in series) < 3:
            return []  # a chart of one or two subjects only repeats the table above it
        return [Chart("ege-subjects", f"Средний балл ЕГЭ по предметам, {t.school_year(self.year - 1)} и "
                      f"{t.school_year(self.year)}", "bar", tuple(series), "балл", ("1.07", "1.08"))]

    def objectivity(self, spec: SectionSpec) -> list[Block]:
        """How many schools show signs of non-objective results, by signal; names only if the authority
        publishes the risk list (``objectivity.publish_risk_list``)."""
        frame = self.results.objectivity
        if frame is None or frame.empty or "year" not in frame.columns:
            return []
        year_rows = frame[frame["year"] == self.year]
        signals = [name for name in SIGNAL_TITLES if name in year_rows.columns]
        checked = int(year_rows[signals].notna().any(axis=1).sum()) if signals else len(year_rows)
        at_risk_rows = year_rows[year_rows["signals"].fillna(0) >= self.config.objectivity.min_signals]
        by_signal = [(SIGNAL_TITLES[name], int(year_rows[name].fillna(False).astype(bool).sum())) for name in signals]
        names: list[str] = []
        if self.config.objectivity.publish_risk_list:
            names = self.org_names(at_risk_rows["org_id"])
        blocks: list[Block] = list(narrative.objectivity_sentences(self.year, checked, len(at_risk_rows), by_signal, names))
        rule = self.methodology_rule("objectivity", "scope")
        if rule and blocks:
            blocks.append(Paragraph((rule,)))
        return blocks

    def methodology_rule(self, section: str, key: str) -> str:
        """One paragraph of the published methodology (the same words as on the site's methodology page)."""
        builder = {"objectivity": methodology.objectivity, "shnor": methodology.shnor, "ratings": methodology.ratings,
                   "suppression": methodology.suppression, "indicators": methodology.indicators}[section]
        return next((rule.text for rule in builder(self.config).rules if rule.key == key), "")

    def org_names(self, ids) -> list[str]:
        """Short names, sorted; «№» stays on the line of its number."""
        if self._short_names is None:  # built once: the report asks for names hundreds of times in a region
            organisations = self.dataset["organisations"]
            self._short_names = dict(zip(organisations["org_id"].astype(str), organisations["short_name"].astype(str), strict=True))
        names = self._short_names
        return sorted(names.get(str(org_id), str(org_id)).replace("№ ", f"№{t.NBSP}") for org_id in ids)

    def shnor_list(self) -> tuple[set[str], set[str], set[str]] | None:
        """(on the list in the year, entered it this year, left it this year) from ``Results.shnor``
        (rows ``org_id, year, status`` = ``identified`` | ``left``, ``entered``)."""
        frame = self.results.shnor
        if frame is None or "org_id" not in frame.columns:
            return None

        def listed_in(year: int) -> pd.DataFrame:
            rows = frame[frame["year"] == year]
            return rows[rows["status"] == "identified"] if "status" in rows.columns else rows

        now = listed_in(self.year)
        listed = set(now["org_id"].astype(str))
        before = set(listed_in(self.year - 1)["org_id"].astype(str))
        if "status" in frame.columns:
            left = set(frame.loc[(frame["year"] == self.year) & (frame["status"] == "left"), "org_id"].astype(str))
        else:
            left = before - listed
        if "entered" in now.columns:
            entered = set(now.loc[now["entered"].fillna(False).astype(bool), "org_id"].astype(str))
        else:
            entered = listed - before
        return listed, entered, left

    def shnor(self, spec: SectionSpec) -> list[Block]:
        """The list of the year and its movement; a list exists from the ``consecutive_years``-th year of data."""
        first_list = min(self.results.years) + self.config.shnor.consecutive_years - 1
        rules = [text for key in ("low", "identified") if (text := self.methodology_rule("shnor", key))]
        method = [Paragraph((" ".join(rules),))] if rules else []
        if self.year < first_list:
            return [*narrative.shnor_sentences(self.year, [], [], [], first_year=True), *method]
        found = self.shnor_list()
        if found is None:
            return []  # the list is not computed (an analytics stage switched off): say nothing rather than «none»
        listed, entered, left = found
        has_previous = self.year > first_list
        blocks: list[Block] = [*narrative.shnor_sentences(
            self.year, self.org_names(listed), self.org_names(entered if has_previous else set()),
            self.org_names(left if has_previous else set()), has_previous=has_previous), *method]
        table = self.shnor_table(listed, left)
        if table is not None:
            blocks.append(table)
        return blocks

    def shnor_table(self, listed: set[str], left: set[str]) -> Table | None:
        """The ШНОР metrics of the listed (and just left) schools beside the municipal value."""
        metrics = [self.config.shnor.metrics[p] for p in self.config.shnor.procedures
                   if self.config.shnor.metrics.get(p) in self.catalogue]
        schools = sorted(listed | left, key=lambda org: self.org_names([org])[0])
        if not schools or not metrics:
            return None
        values = self.results.values
        rows = values[(values["entity_type"] == "organisation") & (values["year"] == self.year)
                      & values["indicator"].isin(metrics)]
        cells = {(str(row.entity_id), str(row.indicator)): row for row in rows.itertuples(index=False)}

        def shown(org: str, code: str) -> tuple:
            row = cells.get((org, code))
            if row is None:
                return (t.NO_DATA,)
            if bool(row.suppressed):
                return (t.SUPPRESSED,)
            return (Figure(t.fmt_value(_number(row.value), str(self.catalogue[code]["unit"])), code),)

        body = [Row(((self.org_names([org])[0],), ("в перечне" if org in listed else "вышла из перечня",),
                     *(shown(org, code) for code in metrics))) for org in schools]
        body.append(Row(((self.scope.name,), ("",), *((Figure(self.printed(code, self.year), code),) for code in metrics))))
        header = ("Школа", "Статус", *(f"{code} {self.catalogue[code]['short_name']}" for code in metrics))
        return Table(f"Результаты школ из перечня ШНОР, {t.school_year(self.year)}", header, tuple(body),
                     (False, False, *([True] * len(metrics))), widths=(3, 1.6, *([1.6] * len(metrics))))

    def findings_sections(self) -> str:
        """«разделов 2.1, 2.2.9 и 2.3»: where the levels' findings stand (from the outline, not typed in)."""
        numbers = [section.number for spec in PART_I for section in spec.walk() if section.findings]
        if len(numbers) == 1:
            return f"раздела {numbers[0]}"
        return f"разделов {', '.join(numbers[:-1])} и {numbers[-1]}"

    def tolerance_rule(self) -> str:
        """The one tolerance rule of the report (the dynamics engine's), said in words."""
        analytics = self.config.analytics
        return (f"Изменение считается существенным, если доля изменилась не менее чем на "
                f"{t.fmt_number(analytics.tolerance_pp, 1, trim=True)}{t.NBSP}п.{t.NBSP}п., а средний балл, "
                f"численность или иной показатель — не менее чем на {t.fmt_number(analytics.tolerance_relative, 1, trim=True)}{t.NBSP}% "
                "прошлогоднего значения, не равно нулю при показанной точности и больше случайного разброса для такого "
                "числа участников (95-процентный интервал разности двух лет не содержит нуля); иначе показатель "
                "остался на уровне прошлого года. Это то же правило, по которому пишутся слова об изменении на сайте.")

    def outcomes(self) -> list[targets_.Outcome]:
        return targets_.outcomes(targets_.targets(self.config.report.targets), self.year, self.values.published,
                                 lambda code: str(self.catalogue[code]["polarity"]) if code in self.catalogue else "")

    def target_table(self, found: list[targets_.Outcome]) -> Table:
        rows = []
        for outcome in found:
            code = outcome.target.indicator
            entry = self.catalogue.get(code)
            unit = str(entry["unit"]) if entry is not None else ""
            name = str(entry["name"]) if entry is not None else code
            status = "нет данных" if outcome.met is None else ("достигнуто" if outcome.met else "не достигнуто")
            rows.append(Row(((Figure(code, code),), (name,), (Figure(t.fmt_value(outcome.target.value, unit), code),),
                             (Figure(self.printed(code, self.year), code),), (status,))))
        return Table(f"Достижение целевых значений муниципальной программы в {self.year} году",
                     ("Код", "Показатель", "Целевое значение", "Фактическое значение", "Итог"), tuple(rows),
                     (False, False, True, True, False), widths=(0.8, 4.5, 1.3, 1.3, 1.3))

    def ranked(self, verdict: str, limit: int) -> list[IndicatorFacts]:
        """The indicators that changed beyond the tolerance in ``verdict``'s direction: results of education
        before context indicators, then by size (п. п. for shares, per cent of last year for the rest)."""
        facts = [item for item in self.all_facts() if item.verdict == verdict and narrative.movement(item) != "steady"]
        def rank(item: IndicatorFacts) -> tuple:
            entry = self.catalogue[item.code]
            headline = str(entry.get("headline")).lower() == "true"
            results = str(entry.get("kind", "")) == "result" and str(entry["direction"]) == "1"
            return (not headline, not results, -item.magnitude, item.code)

        return sorted(facts, key=rank)[:limit]

    def improvements(self, spec: SectionSpec) -> list[Block]:
        found = self.outcomes()
        blocks: list[Block] = [Paragraph(("Изменения оценены по правилу, изложенному в разделе 1.2: улучшение или "
                                          "ухудшение называется, только если оно больше порога и случайного разброса.",))]
        met = [outcome for outcome in found if outcome.met]
        if found:
            blocks.append(Paragraph((
                f"Из {t.count_noun_genitive(len(found), ('целевого значения', 'целевых значений'))} муниципальной "
                f"программы на {self.year} год {t.agree_with_count(len(met), t.NEUTER, ('достигнуто', 'достигнуто', 'достигнуто', 'достигнуты'))} ",
                Figure(t.fmt_int(len(met))), ".",
            )))
            blocks.append(self.target_table(found))
        better = self.ranked("better", 6)
        if better:
            blocks.append(Paragraph((f"Наиболее значимые улучшения по всем уровням образования (полные перечни — в итогах "
                                     f"{self.findings_sections()}):",)))
            blocks.extend(narrative.change_item(item) for item in better)
        else:
            blocks.append(Paragraph(("Показателей, значения которых существенно улучшились за год, нет.",)))
        return blocks

    def declines(self, spec: SectionSpec) -> list[Block]:
        blocks: list[Block] = []
        missed = [outcome for outcome in self.outcomes() if outcome.met is False]
        if missed:
            blocks.append(Paragraph(("Не достигнуты целевые значения муниципальной программы:",)))
        for outcome in missed:
            entry = self.catalogue.get(outcome.target.indicator)
            name = str(entry["name"]) if entry is not None else outcome.target.indicator
            unit = str(entry["unit"]) if entry is not None else ""
            item = self.facts(outcome.target.indicator)
            actual, target = ((narrative.amount(outcome.actual, item), narrative.amount(outcome.target.value, item)) if item
                              else (t.fmt_value(outcome.actual, unit), t.fmt_value(outcome.target.value, unit)))
            blocks.append(Paragraph((
                f"{t.quote(name)}: ",
                Figure(actual, outcome.target.indicator), " при цели ", Figure(target, outcome.target.indicator), ".",
            ), item=True))
        worse = self.ranked("worse", 6)
        if worse:
            blocks.append(Paragraph((f"Существенно ухудшились и требуют внимания (по уровням — в итогах "
                                     f"{self.findings_sections()}):",)))
            blocks.extend(narrative.change_item(item) for item in worse)
        elif not missed:
            blocks.append(Paragraph(("Показателей, значения которых существенно ухудшились за год, нет.",)))
        return blocks

    def outlook(self, spec: SectionSpec) -> list[Block]:
        """Tasks with the indicator's full name, its target, owner and deadline when the programme sets them."""
        blocks: list[Block] = [Paragraph((
            "Задачи на следующий год вытекают из целевых значений муниципальной программы, из показателей с "
            "отрицательной динамикой и из перечня школ с низкими образовательными результатами.",
        ))]
        settings = targets_.targets(self.config.report.targets)
        upcoming = [target for target in settings if target.year > self.year]
        tasked: set[str] = set()
        for target in sorted(upcoming, key=lambda item: (item.year, item.indicator)):
            entry = self.catalogue.get(target.indicator)
            if entry is None or target.indicator in tasked:
                continue
            tasked.add(target.indicator)
            polarity = str(entry["polarity"])
            bound = "не выше" if polarity == "lower_better" else "не ниже"
            when = target.deadline or f"{target.year}{t.NBSP}год"
            owner = f"; ответственный — {target.owner}" if target.owner else ""
            blocks.append(Paragraph((
                f"Обеспечить значение показателя {t.quote(str(entry['name']))} {bound} ",
                Figure(t.fmt_value(target.value, str(entry["unit"])), target.indicator),
                f" (срок — {when}{owner}).",
            ), item=True))
        for item in self.ranked("worse", 4):
            if item.code in tasked:
                continue
            blocks.append(Paragraph((
                f"Остановить ухудшение показателя {t.quote(item.name)} (в {self.year} году — ",
                Figure(narrative.amount(item.value, item), item.code), ", годом ранее — ",
                Figure(narrative.amount(item.previous, item), item.code),
                "); целевое значение и ответственного определить в муниципальной программе.",
            ), item=True))
        shnor = self.results.shnor
        if shnor is not None and not shnor.empty and (shnor["year"] == self.year).any():
            blocks.append(Paragraph(("Продолжить адресную методическую поддержку школ, включённых в перечень ШНОР.",), item=True))
        return blocks

    def indicator_table(self, spec: SectionSpec) -> list[Block]:
        years = [year for year in (self.year - 2, self.year - 1, self.year) if year in self.results.years]
        rows: list[Row] = []
        for direction in self.directions.itertuples(index=False):
            own = [code for code, entry in self.catalogue.items() if entry["direction"] == direction.code]
            if not own:
                continue
            rows.append(Row(group=f"{direction.code}. {direction.name}"))
            for code in own:
                entry = self.catalogue[code]
                cells: list[tuple] = [(Figure(code, code),), (str(entry["name"]),), (str(entry["unit"]),)]
                for year in years:
                    cells.append((Figure(self.printed(code, year), code),))
                rows.append(Row(tuple(cells)))
        header = ("Код", "Наименование показателя", "Единица измерения", *(t.school_year(year) for year in years))
        span = f"{t.school_year(years[0])}–{t.school_year(years[-1])}" if len(years) > 1 else t.school_year(years[0])
        return [
            Paragraph((f"Показатели муниципальной системы оценки качества образования ({self.scope.name}) за "
                       f"{', '.join(t.school_year(year) for year in years)} учебные годы. "
                       f"{t.SUPPRESSED_LEGEND}; {t.quote(t.NO_DATA)} — данных нет.",)),
            Table(f"Показатели МСОКО за {span} учебные годы" if len(years) > 1 else
                  f"Показатели МСОКО за {span} учебный год", header,
                  tuple(rows), (False, False, False, *([True] * len(years))), widths=(0.8, 5, 1.6, *([1.1] * len(years)))),
        ]

    def federal_table(self, spec: SectionSpec) -> list[Block]:
        """The federal indicators by section and group, the values of three calendar years: from the forms,
        or computed from the published МСОКО values where the catalogue names the source."""
        entries = federal.catalogue(self.dataset.tables.get("federal_indicators"))
        if not entries:
            return [Paragraph(("Перечень показателей мониторинга (набор federal_indicators пакета indicators) в "
                               "проекте не задан; показатели МСОКО приведены в приложении.",))]
        forms = federal.reported(self.dataset.tables.get("federal_values"))
        years = [year for year in (self.year - 2, self.year - 1, self.year) if year in self.results.years]
        rows: list[Row] = []
        for entry in entries:
            if entry.kind != "indicator":
                rows.append(Row(group=f"{entry.code}. {entry.name}"))
                continue
            values = [federal.value_of(entry, year, forms, self.values.published, self.values.suppressed) for year in years]
            rows.append(Row(((entry.code,), (entry.label,), (entry.unit,), (federal.how_obtained(entry),),
                             *((value,) for value in values))))
        unverified = sum(1 for entry in entries if entry.kind == "indicator" and not entry.verified)
        computed = [entry for entry in entries if entry.computed_from]
        blocks: list[Block] = [Paragraph((
            f"Показатели мониторинга системы образования (Постановление Правительства РФ от 05.08.2013 №{t.NBSP}662, "
            f"приказ Минобрнауки России от 22.09.2017 №{t.NBSP}955) за {', '.join(str(year) for year in years)} годы: "
            "значения показателей из форм статистического наблюдения (85-К, ОО-1, ОО-2, 1-ДО) и финансовой "
            f"отчётности, а {t.count_noun(len(computed), ('показатель', 'показателя', 'показателей'))} "
            f"{t.agree_with_count(len(computed), t.MASCULINE, ('рассчитан', 'рассчитана', 'рассчитано', 'рассчитаны'))} "
            "по данным МСОКО (результаты ГИА и охват дополнительным образованием учебного года, который "
            f"заканчивается в отчётном году). {t.quote(t.NO_DATA)} — значение не представлено.",
        ))]
        note = federal.UNVERIFIED_NOTE if unverified else ""
        blocks.append(Table(
            f"Показатели мониторинга системы образования, {years[0]}–{years[-1]} годы" if len(years) > 1 else
            f"Показатели мониторинга системы образования, {years[0]} год",
            ("Код", "Наименование показателя", "Единица измерения", "Источник", *(str(year) for year in years)),
            tuple(rows), (False, False, False, False, *([True] * len(years))), note=note,
            widths=(0.75, 5.0, 1.55, 1.2, *([1.0] * len(years)))))
        return blocks

    def printed(self, code: str, year: int) -> str:
        if self.values.suppressed(code, year):
            return t.SUPPRESSED
        return t.fmt_value(self.values.published(code, year), str(self.catalogue[code]["unit"]))

    # ---- the whole -------------------------------------------------------------------------------------------
    def report(self) -> Report:
        part_i = Part("part-1", "I", PART_I_TITLE, tuple(self.section(spec) for spec in PART_I))
        part_ii = Part("part-2", "II", PART_II_TITLE, tuple(self.section(spec) for spec in PART_II))
        years = [year for year in (self.year - 2, self.year - 1, self.year) if year in self.results.years]
        printed = {(code, year): self.printed(code, year) for code in self.catalogue for year in years}
        site = self.config.site
        notes = []
        if site.demo:
            notes.append("Демонстрационные данные: все организации и значения вымышлены.")
        return Report(
            year=self.year,
            title=self.config.report.title or REPORT_TITLE,
            subtitle=self.config.report.period.format(year=self.year),
            authority=site.authority,
            territory=self.scope.name,
            parts=number_floats((part_i, part_ii)),
            notes=tuple(notes),
            printed_values=printed,
            signature=signature(self.config),
            imprint=imprint(self.config, self.year),
        )


def build_report(dataset: Dataset, config: Config, results: Results, year: int | None = None,
                 content: Path | None = None) -> Report:
    """The report of ``year`` (the latest year of the data by default); ``content`` is the project's
    ``content/`` folder with the analyst's blocks (by default the one beside ``datapackages/``)."""
    years = list(results.years)
    if not years:
        raise DataError("В данных нет ни одного учебного года: отчёт составить не по чему.")
    year = max(years) if year is None else int(year)
    if year not in years:
        raise DataError(f"Данных за {year} год нет; отчёт можно составить за "
                        f"{', '.join(str(item) for item in years)}.")
    if content is None:
        content = Path(dataset.root).parent / "content"
    return Assembler(dataset, config, results, year, content).report()


__all__ = ["AnalystText", "build_report", "report_scope"]
