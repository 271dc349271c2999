"""The sections of the final report, as data: numbers, titles, the indicators each one speaks about.

The outline follows the federal form of the final report on the state and prospects of the education system
(Постановление Правительства РФ № 662) and the municipal reports that use it: Part I — the introduction with the
context (territory, sources, network, contingent, staff, finance), the analysis by level of education
(дошкольное, общее, дополнительное), each level closed by its own findings, and the conclusions; Part II — the
table of federal indicators. Each section's ``id`` is also the name of the analyst's optional Markdown block
(``content/report/<id>.md``). Every indicator with a value is told about exactly once: in the section that names
it, or — for codes of a project's own catalogue that no section names — in the section of its level of education
(by the catalogue's ``applies_to``), so no section repeats another.
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
    #: a special content builder of ``generator.report.assemble`` (``network``, ``shnor``, …), after the sentences
    builder: str = ""
    #: a builder whose blocks come before the sentences (the context a level's analysis starts from)
    context: str = ""
    #: the sentence that opens the section
    lead: str = ""
    #: the level of education (``preschool`` | ``general`` | ``additional``) the section and its children belong to
    level: str = ""
    #: the section ends with the findings of its level (what improved, what worsened, what stayed)
    findings: bool = False
    #: ``applies_to`` values of the catalogue whose codes no section names are told about here
    leftovers: tuple[str, ...] = ()
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
#: the titles of the levels of education, as the findings name them
LEVELS = {"preschool": "дошкольному образованию", "general": "общему образованию",
          "additional": "дополнительному образованию"}

PART_I = (
    SectionSpec("intro", "1", "Вводная часть", children=(
        SectionSpec("territory", "1.1", "Территория и население", builder="territory"),
        SectionSpec("sources", "1.2", "Источники данных и правила оценки", builder="sources"),
        SectionSpec("network", "1.3", "Сеть образовательных организаций", builder="network"),
        SectionSpec("contingent", "1.4", "Контингент обучающихся и воспитанников", indicators=("1.31", "8.09", "3.12")),
        SectionSpec("staff", "1.5", "Педагогические и руководящие кадры",
                    indicators=("6.09", *codes(5, 1, 7), *codes(6, 1, 8))),
        SectionSpec("finance", "1.6", "Финансовое обеспечение", builder="finance"),
    )),
    SectionSpec("analysis", "2", "Анализ состояния системы образования по уровням образования", builder="summary",
                children=(
        SectionSpec("preschool", "2.1", "Дошкольное образование", indicators=codes(8, 1, 8), context="access",
                    level="preschool", findings=True, leftovers=("kindergarten",),
                    lead="Качество дошкольного образования оценивается по программам, условиям, кадрам и мнению родителей."),
        SectionSpec("general", "2.2", "Начальное общее, основное общее и среднее общее образование", context="access",
                    level="general", leftovers=("school", "municipality"), children=(
            SectionSpec("gia", "2.2.1", "Государственная итоговая аттестация", indicators=codes(1, 3, 18),
                        builder="gia"),
            SectionSpec("vpr", "2.2.2", "Всероссийские проверочные работы и успеваемость",
                        indicators=("1.01", "1.02", *codes(1, 19, 24)), builder="vpr"),
            SectionSpec("literacy", "2.2.3", "Функциональная грамотность и национальные исследования",
                        indicators=codes(1, 26, 30)),
            SectionSpec("olympiad", "2.2.4", "Всероссийская олимпиада школьников", indicators=codes(3, 1, 7)),
            SectionSpec("objectivity", "2.2.5", "Объективность результатов оценочных процедур",
                        indicators=("1.25",), builder="objectivity"),
            SectionSpec("shnor", "2.2.6", "Школы с низкими образовательными результатами",
                        indicators=codes(2, 1, 6), builder="shnor"),
            SectionSpec("career", "2.2.7", "Самоопределение и профессиональная ориентация",
                        indicators=(*codes(4, 1, 8), "3.11")),
            SectionSpec("upbringing", "2.2.8", "Воспитание и социализация обучающихся", indicators=codes(7, 1, 5)),
            SectionSpec("general-findings", "2.2.9", "Итоги по общему образованию", findings=True),
        )),
        SectionSpec("additional", "2.3", "Дополнительное образование", indicators=codes(3, 8, 10), context="access",
                    level="additional", findings=True, leftovers=("additional",)),
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
