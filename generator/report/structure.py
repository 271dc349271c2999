"""The sections of the final report, as data: numbers, titles, the indicators each one speaks about.

The outline follows the federal form of the final report on the state and prospects of the education system
(Постановление Правительства РФ № 662): Part I — introduction, analysis by level of education, conclusions;
Part II — the table of indicators. Each section's ``id`` is also the name of the analyst's optional Markdown
block (``content/report/<id>.md``). Catalogue indicators that no section names are told about in the
subsection of their direction (2.4), so every indicator with a value gets its sentence exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionSpec:
    id: str
    number: str
    title: str
    #: catalogue codes told about here (codes absent from a project's catalogue are skipped)
    indicators: tuple[str, ...] = ()
    #: a special content builder of ``generator.report.assemble`` (``network``, ``shnor``, …)
    builder: str = ""
    #: the sentence that opens the section
    lead: str = ""
    children: tuple[SectionSpec, ...] = ()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def codes(direction: int, first: int, last: int) -> tuple[str, ...]:
    """``codes(1, 3, 5)`` → ``("1.03", "1.04", "1.05")``."""
    return tuple(f"{direction}.{number:02d}" for number in range(first, last + 1))


PART_I_TITLE = "Анализ состояния и перспектив развития системы образования"
PART_II_TITLE = "Показатели мониторинга системы образования"

PART_I = (
    SectionSpec("intro", "1", "Вводная часть", children=(
        SectionSpec("territory", "1.1", "Территория и источники данных", builder="territory"),
        SectionSpec("network", "1.2", "Сеть образовательных организаций", builder="network"),
        SectionSpec("contingent", "1.3", "Обучающиеся и воспитанники", indicators=("1.31", "8.09", "3.12")),
        SectionSpec("staff", "1.4", "Педагогические кадры", indicators=("6.09",)),
    )),
    SectionSpec("analysis", "2", "Анализ состояния системы образования", builder="summary", children=(
        SectionSpec("preschool", "2.1", "Дошкольное образование", indicators=codes(8, 1, 8),
                    lead="Качество дошкольного образования оценивается по программам, условиям, кадрам и мнению родителей."),
        SectionSpec("general", "2.2", "Начальное общее, основное общее и среднее общее образование", children=(
            SectionSpec("gia", "2.2.1", "Государственная итоговая аттестация", indicators=codes(1, 3, 18), builder="ege_chart"),
            SectionSpec("vpr", "2.2.2", "Всероссийские проверочные работы и успеваемость",
                        indicators=("1.01", "1.02", *codes(1, 19, 24))),
            SectionSpec("literacy", "2.2.3", "Функциональная грамотность и национальные исследования",
                        indicators=codes(1, 26, 30)),
            SectionSpec("olympiad", "2.2.4", "Всероссийская олимпиада школьников", indicators=codes(3, 1, 7)),
            SectionSpec("objectivity", "2.2.5", "Объективность результатов оценочных процедур",
                        indicators=("1.25",), builder="objectivity"),
            SectionSpec("shnor", "2.2.6", "Школы с низкими образовательными результатами",
                        indicators=codes(2, 1, 6), builder="shnor"),
        )),
        SectionSpec("additional", "2.3", "Дополнительное образование", indicators=codes(3, 8, 10)),
        SectionSpec("directions", "2.4", "Направления муниципальной системы оценки качества образования",
                    builder="directions"),
    )),
    SectionSpec("conclusions", "3", "Выводы и заключения", children=(
        SectionSpec("achievements", "3.1", "Положительные изменения", builder="improvements"),
        SectionSpec("problems", "3.2", "Проблемы и риски", builder="declines"),
        SectionSpec("outlook", "3.3", "Задачи и перспективы развития", builder="outlook"),
    )),
)

APPENDIX_TITLE = "Приложение. Показатели муниципальной системы оценки качества образования"

PART_II = (
    SectionSpec("indicators", "", PART_II_TITLE, builder="federal_table"),
    SectionSpec("appendix-msoko", "", APPENDIX_TITLE, builder="indicator_table"),
)


def named_codes() -> set[str]:
    """Every code a section of Part I names explicitly."""
    return {code for spec in PART_I for section in spec.walk() for code in section.indicators}
