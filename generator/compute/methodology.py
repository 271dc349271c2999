"""The methodology in Russian, with the configured thresholds filled in, for the site and the report.

The site renders these sections on the methodology, objectivity and ШНОР pages; keeping the text next to the
code that implements it means a changed threshold in ``msoko.yml`` changes the published description too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config
from ..typography import NBSP, count_noun, fmt_number, fmt_percent, quote

PP = f"п.{NBSP}п."

#: Russian names of the objectivity signals (``objectivity.SIGNALS``)
SIGNAL_TITLES = {
    "vpr_confirmation": "Низкое подтверждение отметок на ВПР",
    "vpr_raised": "Много повысивших отметку на ВПР",
    "vpr_vs_gia": "Результаты ВПР выше, чем ОГЭ",
    "medalists": "Медалисты не подтверждают результат на ЕГЭ",
}
PROCEDURE_TITLES = {"ege": "ЕГЭ", "oge": "ОГЭ", "vpr": "ВПР"}
TYPE_TITLES = {"gymnasium": "гимназии", "lyceum": "лицеи", "secondary": "средние школы", "basic": "основные школы",
               "primary": "начальные школы", "boarding": "школы-интернаты"}


@dataclass(frozen=True)
class Rule:
    """One rule: a stable key (for anchors), a title and the text (plain Russian, one paragraph)."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rules: list[Rule]


def _n(value: float) -> str:
    return fmt_number(value, 1, trim=True)


def indicators(config: Config) -> Section:
    rules = config.analytics
    return Section("indicators", "Как рассчитываются показатели", [
        Rule("value", "Значение показателя",
             "Доля — отношение суммы числителей к сумме знаменателей, умноженное на 100; среднее (например, средний "
             "балл ЕГЭ) — сумма баллов всех участников, делённая на число участников; сумма — число человек или "
             "единиц. Формула каждого вычисляемого показателя записана в каталоге показателей."),
        Rule("aggregation", "Муниципальное и региональное значение",
             "Значение муниципального образования (и региона) рассчитывается по суммам числителей и знаменателей "
             "всех организаций, а не как среднее их процентов: школа, где 10 обучающихся, не весит столько же, "
             f"сколько школа, где их 1{NBSP}000."),
        Rule("change", "Изменение за год",
             f"Изменение — разность значений текущего и предыдущего учебного года; для долей — в процентных пунктах "
             f"({PP}), для остальных показателей — в их единицах."),
        Rule("verdict", "Улучшение или ухудшение",
             f"Оценка учитывает направленность показателя: для одних рост означает улучшение, для других (например, "
             f"доля не набравших минимальный балл) — ухудшение. Изменение доли меньше {_n(rules.tolerance_pp)} {PP}, "
             f"а прочих показателей — меньше {fmt_percent(rules.tolerance_relative, 1).replace(',0', '')} от "
             f"прошлого значения считается {quote('без изменений')}. Для показателей без направленности "
             f"(например, численность обучающихся) оценка не даётся."),
        Rule("trend", "Тенденция",
             f"Тенденция определяется по наклону прямой, проведённой методом наименьших квадратов через все "
             f"опубликованные значения до текущего года; её показывают, если значений не меньше "
             f"{count_noun(rules.trend_years, ('года', 'лет', 'лет'))}. Наклон меньше порога «без изменений» "
             f"(в год) означает стабильность."),
    ])


def suppression(config: Config) -> Section:
    n = config.privacy.min_group
    return Section("privacy", "Защита малых групп", [
        Rule("primary", "Какие значения не публикуются",
             f"Доли и средние значения об обучающихся и педагогах не публикуются, если группа (знаменатель: число "
             f"участников, выпускников, педагогов) меньше {count_noun(n, ('человека', 'человек', 'человек'))}. "
             f"Численности (например, число победителей олимпиады) и показатели об организациях публикуются всегда; "
             f"результаты олимпиад публичны по правилам их проведения."),
        Rule("secondary", "Дополнительное скрытие",
             "Если скрытое значение можно было бы восстановить вычитанием из итога (муниципальный итог минус "
             "остальные школы, итог школы минус остальные предметы), скрывается и следующее наименьшее значение той "
             f"же группы; скрытые значения в сумме тоже не должны образовывать группу меньше {n}. Перед публикацией "
             "каждая таблица проверяется на то, что скрытое значение из неё не восстанавливается."),
        Rule("symbol", "Обозначение",
             "Скрытое значение обозначается буквой «к» — данные не публикуются в целях обеспечения "
             "конфиденциальности."),
    ])


def objectivity(config: Config) -> Section:
    rules = config.objectivity
    n = config.privacy.min_group
    excluded = ", ".join(TYPE_TITLES.get(item, item) for item in rules.exclude_types)
    signal_count = count_noun(rules.min_signals, ("признак", "признака", "признаков"))
    return Section("objectivity", "Признаки необъективности результатов", [
        Rule("vpr_confirmation", SIGNAL_TITLES["vpr_confirmation"],
             f"Доля участников ВПР, подтвердивших отметку по журналу (показатель 1.22), ниже муниципальной на "
             f"{_n(rules.confirmed_gap_pp)} {PP} и более."),
        Rule("vpr_raised", SIGNAL_TITLES["vpr_raised"],
             f"Доля участников ВПР, получивших отметку выше отметки по журналу (показатель 1.24), выше муниципальной "
             f"на {_n(rules.raised_gap_pp)} {PP} и более."),
        Rule("vpr_vs_gia", SIGNAL_TITLES["vpr_vs_gia"],
             f"Качество знаний по ВПР (показатель 1.21) выше муниципального на {_n(rules.vpr_above_pp)} {PP} и более, "
             f"а качество знаний по ОГЭ (показатель 1.17) не выше муниципального более чем на "
             f"{_n(rules.gia_margin_pp)} {PP}"
             + (f"; признак не применяется к школам с углублённым изучением предметов ({excluded})." if excluded else ".")),
        Rule("medalists", SIGNAL_TITLES["medalists"],
             f"Индекс неподтверждения результатов медалистов — доля результатов ЕГЭ медалистов ниже 70 баллов "
             f"(показатель 1.25) — не ниже {fmt_percent(rules.medalist_index, 0)}."),
        Rule("scope", "Когда признак проверяется",
             f"Признаки проверяются для общеобразовательных школ, если в группе не меньше "
             f"{count_noun(n, ('человека', 'человек', 'человек'))}. Школа относится к зоне риска, если у неё "
             f"{signal_count} и более. Признак — повод для методической помощи и проверки организации "
             f"процедур, а не вывод о недобросовестности школы."),
    ])


def shnor(config: Config) -> Section:
    rule = config.shnor
    procedures = ", ".join(f"{PROCEDURE_TITLES.get(p, p)} (показатель {rule.metrics.get(p, '—')})"
                           for p in rule.procedures)
    share = fmt_percent(rule.bottom_share * 100, 0).replace(",0", "")
    where = "своего муниципального образования" if rule.scope == "municipality" else "всех школ"
    years = count_noun(rule.consecutive_years, ("год", "года", "лет"))
    return Section("shnor", "Как выявляются школы с низкими образовательными результатами", [
        Rule("low", "Низкий результат в процедуре",
             f"По каждой процедуре — {procedures} — школы {where} упорядочиваются по результату; нижние {share} "
             f"школ (с округлением вверх, школы с равным пограничным результатом включаются) имеют низкий результат "
             f"в этой процедуре в этом году."),
        Rule("identified", "Включение в список",
             f"Школа включается в список ШНОР, если её результат низкий не менее чем в "
             f"{count_noun(rule.min_procedures, ('процедуре', 'процедурах', 'процедурах'))} {years} подряд "
             f"(включая текущий). Поэтому в первом году данных списка нет. Школа выходит из списка, как только "
             f"условие перестаёт выполняться."),
        Rule("values", "Данные",
             "Для выявления используются все результаты школы, включая малые группы, которые не публикуются; "
             "публикуется только решение о включении в список."),
    ])


def ratings(config: Config) -> Section:
    rule = config.rating
    breaks = ", ".join(fmt_number(b, 0) for b in rule.size_breaks)
    return Section("ratings", "Рейтинговая оценка в кластерах", [
        Rule("clusters", "Кластеры",
             f"Школы сравниваются только внутри кластера сходных школ: городские и сельские, по численности "
             f"обучающихся (границы: {breaks}). Кластер, в котором меньше "
             f"{count_noun(rule.min_cluster, ('школы', 'школ', 'школ'))}, объединяется с соседним по численности "
             f"кластером той же местности; объединение указывается в названии кластера. Общего рейтинга всех школ нет."),
        Rule("composite", "Рейтинговая оценка",
             f"По каждому показателю ({', '.join(rule.indicators)}) значение школы переводится в стандартную оценку "
             f"внутри кластера (отклонение от среднего кластера в стандартных отклонениях; для показателей, где "
             f"лучше меньшее значение, знак меняется). Рейтинговая оценка — среднее стандартных оценок; её получает "
             f"школа, у которой опубликовано не меньше {count_noun(rule.min_indicators, ('показателя', 'показателей', 'показателей'))}. "
             f"Место 1 — лучшая оценка в кластере."),
    ])


def sections(config: Config) -> list[Section]:
    """Every methodology section, in the order of the methodology page."""
    return [indicators(config), suppression(config), objectivity(config), shnor(config), ratings(config)]
