"""Sentences generated from the numbers, in correct Russian.

Each function takes plain facts (numbers, names, verdicts) and returns ``Paragraph`` spans; nothing here reads
the results tables, so every sentence can be tested over hand-made inputs. Agreement follows
``generator.typography`` (numbers) and ``generator.report.grammar`` (the gender of an indicator's name).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import typography as t
from .grammar import as_subject, counted_noun, gender_of, lower_first, upper_first
from .model import Figure, Paragraph, Span

RISE = ("вырос", "выросла", "выросло", "выросли")
FALL = ("снизился", "снизилась", "снизилось", "снизились")
UNCHANGED = ("не изменился", "не изменилась", "не изменилось", "не изменились")
AMOUNTED = ("составил", "составила", "составило", "составили")
CHANGED = ("изменился", "изменилась", "изменилось", "изменились")

JUDGEMENT = {"better": "это улучшение", "worse": "это ухудшение", "same": "изменение несущественно"}
#: units written as their abbreviation after a number (ГОСТ 8.417 and the usage of financial reports)
UNIT_SIGNS = {"тысяча рублей": f"тыс.{t.NBSP}руб.", "квадратный метр": "м²", "день": "дн."}
GROW = ("растёт", "растёт", "растёт", "растут")
DECLINE = ("снижается", "снижается", "снижается", "снижаются")
CONTINUE_RISE = ("продолжает расти", "продолжает расти", "продолжает расти", "продолжают расти")
CONTINUE_FALL = ("продолжает снижаться", "продолжает снижаться", "продолжает снижаться", "продолжают снижаться")
INCREASED = ("увеличился", "увеличилась", "увеличилось", "увеличились")
DECREASED = ("уменьшился", "уменьшилась", "уменьшилось", "уменьшились")


@dataclass(frozen=True)
class IndicatorFacts:
    """What a sentence about one indicator needs: its catalogue entry and its values over three years."""

    code: str
    name: str
    unit: str
    value: float
    previous: float | None = None
    #: ``better`` | ``worse`` | ``same`` | ``None`` (neutral indicator or no previous value)
    verdict: str | None = None
    aggregation: str = "share"
    #: the value two years before (for a sustained trend)
    before: float | None = None
    #: the multi-year trend of the dynamics engine: ``rising`` | ``falling`` | ``stable`` | ``None``
    trend: str | None = None
    #: the one rule of the dynamics engine finds no change (also for neutral indicators): within the tolerance,
    #: rounding to zero, or inside the chance spread of the difference for so few participants
    steady: bool = False
    #: the change is beyond the tolerance, yet ``steady`` all the same: it is inside the chance spread
    by_chance: bool = False
    #: the region's value in the same year (computed from the site's municipalities or a reference value)
    regional: float | None = None
    #: the site's decision about the gap to the region (``compute.dynamics.compare_band``): above | same | below
    regional_band: str | None = None
    year: int = 0

    @property
    def digits(self) -> int:
        return 0 if self.unit in ("человек", "единица") else 1

    @property
    def is_share(self) -> bool:
        return self.unit == "процент"

    def shown(self, number: float) -> float:
        """The number as printed (rounded to the digits shown), so that the text's arithmetic adds up."""
        return round(float(number), self.digits)

    @property
    def change(self) -> float | None:
        """The change between the printed values (not the raw ones, or 85,2 → 85,3 could read «+0,0»)."""
        if self.previous is None:
            return None
        return round(self.shown(self.value) - self.shown(self.previous), self.digits)

    @property
    def magnitude(self) -> float:
        """Size of the change for ranking across units: п. п. for shares, per cent of the previous value otherwise."""
        change = self.change
        if change is None:
            return 0.0
        if self.is_share:
            return abs(change)
        return abs(change) / abs(self.previous) * 100 if self.previous else 0.0


def movement(facts: IndicatorFacts) -> str:
    """The one decision the wording follows: ``new`` (no previous value), ``steady`` (within the tolerance),
    ``trend`` (a change continuing a three-year trend in the same direction) or ``change``.

    The tolerance and the trend are those of ``generator.compute.dynamics`` (the same rule as the site's
    indicator pages); this function only reads them, so switching the rule there switches the report too.
    """
    if facts.change is None:
        return "new"
    if facts.steady or facts.verdict == "same" or facts.change == 0:
        return "steady"
    rising = facts.change > 0
    if (facts.before is not None and facts.trend == ("rising" if rising else "falling")
            and (facts.shown(facts.previous) - facts.shown(facts.before)) * facts.change > 0):
        return "trend"
    return "change"


def amount(number: float, facts: IndicatorFacts, case: str = "nominative") -> str:
    """A value with its unit or counted noun, agreeing with the number: «85,2 %», «5 240 участий», «до 3 школ»,
    «70,0 балла», «3,7» (a mean mark is a bare number)."""
    if facts.is_share:
        return t.fmt_percent(number)
    text = t.fmt_value(number, facts.unit)
    if facts.unit in UNIT_SIGNS:
        return f"{text}{t.NBSP}{UNIT_SIGNS[facts.unit]}"
    nouns = counted_noun(facts.name, facts.unit)
    if nouns is None:
        return text
    shown = facts.shown(number)
    if facts.digits or shown != int(shown):
        noun = nouns[1][0]  # a fraction takes the genitive singular: «8,5 воспитанника», «70,0 балла»
    elif case == "genitive":
        noun = t.plural_genitive(int(shown), nouns[1])
    else:
        noun = t.plural(int(shown), nouns[0])
    return f"{text}{t.NBSP}{noun}"


def _figure_fraction_aware(number: float, facts: IndicatorFacts, case: str) -> str:
    return amount(number, facts, "genitive" if case == "genitive" else "nominative")


def _bare(number: float, facts: IndicatorFacts) -> str:
    """The first number of «с … до …»: the unit is said once, after the second (except the per cent sign)."""
    return t.fmt_percent(number) if facts.is_share else t.fmt_value(number, facts.unit)


def change_text(facts: IndicatorFacts) -> str:
    """The signed change: «+1,9 п. п.» for shares, «−120 участий», «+1,2 балла», «+0,1» for a bare mean."""
    change = facts.change or 0.0
    number = t.signed(t.fmt_number(change, facts.digits, trim=facts.digits == 0), change)
    if facts.is_share:
        return f"{number}{t.NBSP}п.{t.NBSP}п."
    if facts.unit in UNIT_SIGNS:
        return f"{number}{t.NBSP}{UNIT_SIGNS[facts.unit]}"
    nouns = counted_noun(facts.name, facts.unit)
    if nouns is None:
        return number
    size = abs(facts.shown(change))
    noun = nouns[1][0] if facts.digits or size != int(size) else t.plural(int(size), nouns[0])
    return f"{number}{t.NBSP}{noun}"


def _regional(facts: IndicatorFacts) -> str:
    """The gap to the region in words, as the site decides it: «выше» or «ниже» only when the value's 95 %
    interval lies wholly on one side of the region's value (``regional_band``), otherwise «на уровне»."""
    if facts.regional is None:
        return ""
    region = amount(facts.regional, facts)
    band = facts.regional_band
    if band is None:
        gap = round(facts.shown(facts.value) - facts.shown(facts.regional), facts.digits)
        band = "same" if gap == 0 else ("above" if gap > 0 else "below")
    if band == "same":
        if facts.shown(facts.value) == facts.shown(facts.regional):
            return f" Значение совпадает со средним по региону ({region})."
        return (f" Это на уровне среднего по региону ({region}): разница в пределах случайного разброса "
                "для такого числа участников.")
    side = "выше" if band == "above" else "ниже"
    return f" Это {side} среднего по региону ({region})."


def indicator_sentence(facts: IndicatorFacts, variant: int = 0) -> Paragraph:
    """One sentence about an indicator, chosen by what its numbers say (``movement``): a first value, a level
    within the tolerance («на уровне прошлого года»), a change that continues a three-year trend, or a
    change on the year; ``variant`` rotates the wording of the last kind so that a section does not read as
    one pattern repeated. The verb agrees with the name's head noun, the unit with its number.
    """
    gender = gender_of(facts.name)
    subject = as_subject(facts.name)
    code = facts.code
    kind = movement(facts)
    year = f" в {facts.year} году" if facts.year else ""
    regional = _regional(facts)
    if kind == "new":
        return Paragraph((f"{subject}{year} {t.agree(gender, AMOUNTED)} ", Figure(amount(facts.value, facts), code),
                          f".{regional}"))
    if kind == "steady" and facts.by_chance:
        # a change the digits show but the group is too small to tell from chance: said, not judged
        return Paragraph((f"{subject} {t.agree(gender, CHANGED)} с ", Figure(_bare(facts.previous, facts), code),
                          " до ", Figure(_figure_fraction_aware(facts.value, facts, "genitive"), code),
                          " (", Figure(change_text(facts), code), "), но при таком числе участников это в пределах "
                          f"случайного разброса: показатель на уровне прошлого года.{regional}"))
    if kind == "steady":
        return Paragraph((f"{subject} — на уровне прошлого года: ", Figure(amount(facts.value, facts), code),
                          " (годом ранее — ", Figure(amount(facts.previous, facts), code), f").{regional}"))
    rising = facts.change > 0
    judgement = {"better": "показатель улучшился", "worse": "показатель ухудшился"}.get(facts.verdict or "", "")
    if kind == "trend":
        spans: list[Span]
        if facts.year and variant % 3 == 1:
            verb = t.agree(gender, CONTINUE_RISE if rising else CONTINUE_FALL)
            spans = [f"{subject} {verb}: ", Figure(_bare(facts.before, facts), code), f" в {facts.year - 2}{t.NBSP}году, ",
                     Figure(_bare(facts.previous, facts), code), f" в {facts.year - 1}{t.NBSP}году и ",
                     Figure(amount(facts.value, facts), code), f" в {facts.year}{t.NBSP}году"]
        elif facts.year and variant % 3 == 2:
            verb = t.agree(gender, GROW if rising else DECLINE)
            spans = [f"С {facts.year - 2}{t.NBSP}года {lower_first(subject)} устойчиво {verb}: с ",
                     Figure(_bare(facts.before, facts), code), " до ", Figure(amount(facts.value, facts, "genitive"), code),
                     ", за последний год — ", Figure(change_text(facts), code)]
        else:
            spans = [
                f"{subject} {t.agree(gender, GROW if rising else DECLINE)} третий год подряд: ",
                Figure(_bare(facts.before, facts), code), ", ", Figure(_bare(facts.previous, facts), code), " и ",
                Figure(amount(facts.value, facts), code), " (за год ", Figure(change_text(facts), code), ")",
            ]
        if facts.year and variant % 3 == 1 and facts.verdict in ("better", "worse"):
            spans.append(" — положительная динамика." if facts.verdict == "better" else " — отрицательная динамика.")
        elif facts.year and variant % 3 == 2 and facts.verdict in ("better", "worse"):
            spans.append(f"; {JUDGEMENT[facts.verdict]}.")
        else:
            spans.append(f"; {judgement}." if judgement else ".")
        spans.append(regional)
        return Paragraph(tuple(spans))
    variant %= 3
    if variant == 1:
        spans = [f"За год {lower_first(subject)} {t.agree(gender, INCREASED if rising else DECREASED)} на ",
                 Figure(change_text(facts).lstrip("+" + t.MINUS), code), ": с ", Figure(_bare(facts.previous, facts), code),
                 " до ", Figure(amount(facts.value, facts, "genitive"), code), "."]
        if judgement:
            spans.append(f" {upper_first(judgement)}.")
    elif variant == 2:
        spans = [f"По сравнению с прошлым годом {lower_first(subject)} {t.agree(gender, RISE if rising else FALL)} — с ",
                 Figure(_bare(facts.previous, facts), code), " до ", Figure(amount(facts.value, facts, "genitive"), code),
                 " (", Figure(change_text(facts), code), ")"]
        spans.append(f", {JUDGEMENT[facts.verdict]}." if facts.verdict in ("better", "worse") else ".")
    else:
        spans = [f"{subject} {t.agree(gender, RISE if rising else FALL)} с ", Figure(_bare(facts.previous, facts), code),
                 " до ", Figure(amount(facts.value, facts, "genitive"), code),
                 " (", Figure(change_text(facts), code), ")"]
        spans.append(f"; {JUDGEMENT[facts.verdict]}." if facts.verdict in ("better", "worse") else ".")
    spans.append(regional)
    return Paragraph(tuple(spans))


def steady_sentence(facts: Sequence[IndicatorFacts]) -> Paragraph:
    """Several indicators within the tolerance, told in one sentence rather than one identical sentence each:
    «На уровне прошлого года остались: доля … — 98,2 %; средняя отметка ОГЭ — 3,7.»"""
    spans: list[Span] = ["На уровне прошлого года (в пределах допустимых колебаний) остались: "]
    for index, item in enumerate(facts):
        if index:
            spans.append("; ")
        spans += [f"{lower_first(as_subject(item.name))} — ", Figure(amount(item.value, item), item.code)]
    spans.append(".")
    return Paragraph(tuple(spans))


def chance_sentence(facts: Sequence[IndicatorFacts]) -> Paragraph:
    """Several indicators whose change the digits show but the group is too small to tell from chance, in one
    sentence: «В пределах случайного разброса … изменились: доля … — с 30,0 % до 32,9 %; …»."""
    spans: list[Span] = ["В пределах случайного разброса для такого числа участников изменились (то есть остались "
                         "на уровне прошлого года): "]
    for index, item in enumerate(facts):
        if index:
            spans.append("; ")
        spans += [f"{lower_first(as_subject(item.name))} — с ", Figure(_bare(item.previous, item), item.code), " до ",
                  Figure(_figure_fraction_aware(item.value, item, "genitive"), item.code)]
    spans.append(".")
    return Paragraph(tuple(spans))


def regional_sentence(facts: Sequence[IndicatorFacts]) -> Paragraph | None:
    """The gap to the region of indicators told together (their group sentence has no room for it), decided as
    in ``_regional``: «Средний балл ЕГЭ по русскому языку — ниже среднего по региону (68,6 балла).»"""
    compared = [item for item in facts if item.regional is not None]
    if not compared:
        return None
    spans: list[Span] = []
    for index, item in enumerate(compared):
        band = item.regional_band or "same"
        words = {"above": "выше среднего по региону", "below": "ниже среднего по региону",
                 "same": "на уровне среднего по региону"}[band]
        # the figure is the region's, not the indicator's own value: it carries no link, so the indicator's one
        # sentence stays the one above
        spans += ["; " if index else "", f"{lower_first(as_subject(item.name))} — {words} (",
                  Figure(amount(item.regional, item)), ")"]
    tail = (" (разница в пределах случайного разброса)" if all((item.regional_band or "same") == "same" for item in compared)
            else "")
    return Paragraph(("В сравнении с регионом: ", *spans, f"{tail}."))


def change_item(facts: IndicatorFacts) -> Paragraph:
    """A list item for the largest changes: «доля …: с 85,2 % до 87,1 % (+1,9 п. п.)»."""
    code = facts.code
    return Paragraph((
        f"{facts.name} — с ", Figure(_bare(facts.previous, facts), code),
        " до ", Figure(_figure_fraction_aware(facts.value, facts, "genitive"), code),
        " (", Figure(change_text(facts), code), ")",
    ), item=True)


def largest_changes(facts: Sequence[IndicatorFacts], verdict: str, limit: int = 5) -> list[IndicatorFacts]:
    """The indicators with the given verdict, largest change first (ties by code, so the order is stable)."""
    chosen = [item for item in facts if item.verdict == verdict and item.change]
    return sorted(chosen, key=lambda item: (-item.magnitude, item.code))[:limit]


INDICATORS = (("показатель", "показателя", "показателей"), ("показателя", "показателей"))
IMPROVED = ("улучшился", "улучшилась", "улучшилось", "улучшились")
WORSENED = ("ухудшился", "ухудшилась", "ухудшилось", "ухудшились")
STEADY = ("существенно не изменился", "существенно не изменилась", "существенно не изменилось", "существенно не изменились")


def _counted_indicators(count: int, verb_forms: Sequence[str]) -> str:
    """«улучшились 5 показателей», «улучшился 21 показатель», «не улучшился ни один показатель»."""
    if count == 0:
        return f"не {verb_forms[0]} ни один показатель"
    return f"{t.agree_with_count(count, t.MASCULINE, verb_forms)} {t.count_noun(count, INDICATORS[0])}"


def verdict_summary(facts: Sequence[IndicatorFacts], year: int, scope: str = "") -> Paragraph | None:
    """«Из 62 показателей, для которых есть значения за 2023/24 и 2024/25 учебные годы, улучшились 30, …»."""
    compared = [item for item in facts if item.previous is not None]
    if not compared:
        return None
    counts = {key: sum(1 for item in compared if item.verdict == key) for key in ("better", "worse", "same")}
    neutral = len(compared) - sum(counts.values())
    total = t.count_noun_genitive(len(compared), INDICATORS[1])
    scope_text = f" {scope}" if scope else ""
    parts = [
        _counted_indicators(counts["better"], IMPROVED),
        _counted_indicators(counts["worse"], WORSENED),
    ]
    if counts["same"]:
        parts.append(_counted_indicators(counts["same"], STEADY))
    text = (
        f"Из {total}{scope_text}, для которых есть значения за {t.school_year(year - 1)} и {t.school_year(year)} "
        f"учебные годы, {', '.join(parts[:-1])} и {parts[-1]}"
    )
    if neutral:
        text += (f"; у {t.count_noun_genitive(neutral, INDICATORS[1])} изменение не оценивается как улучшение "
                 "или ухудшение (нейтральные показатели)")
    return Paragraph((text + ".",))


SCHOOLS = (("школа", "школы", "школ"), ("школы", "школ"))


def _names(names: Sequence[str]) -> str:
    return ", ".join(names)


def shnor_sentences(year: int, identified: Sequence[str], entered: Sequence[str], left: Sequence[str],
                    first_year: bool = False, has_previous: bool = True) -> list[Paragraph]:
    """The ШНОР list of the year and its movement: who entered, who left (names are public, as on the site)."""
    if first_year:
        return [Paragraph((
            f"Перечень ШНОР за {t.school_year(year)} учебный год не формируется: школа признаётся ШНОР, если "
            "её результаты остаются низкими несколько лет подряд, а более ранних данных нет.",
        ))]
    sentences: list[Paragraph] = []
    if identified:
        verb = t.agree_with_count(len(identified), t.FEMININE, ("входит", "входит", "входит", "входят"))
        sentences.append(Paragraph((
            f"По итогам {t.school_year(year)} учебного года в перечень ШНОР {verb} ",
            Figure(t.count_noun(len(identified), SCHOOLS[0])), f": {_names(identified)}.",
        )))
    else:
        sentences.append(Paragraph((f"По итогам {t.school_year(year)} учебного года ни одна школа не отвечает критериям ШНОР.",)))
    if not has_previous:
        sentences.append(Paragraph(("Перечень за этот год составлен впервые.",)))
        return sentences
    if entered:
        verb = t.agree_with_count(len(entered), t.FEMININE, ("вошёл", "вошла", "вошло", "вошли"))
        sentences.append(Paragraph((
            f"В перечень вновь {verb} ", Figure(t.count_noun(len(entered), SCHOOLS[0])), f": {_names(entered)}.",
        )))
    if left:
        verb = t.agree_with_count(len(left), t.FEMININE, ("вышел", "вышла", "вышло", "вышли"))
        sentences.append(Paragraph((
            f"Из перечня {verb} ", Figure(t.count_noun(len(left), SCHOOLS[0])),
            f" (результаты улучшились): {_names(left)}.",
        )))
    if not entered and not left:
        sentences.append(Paragraph(("Состав перечня по сравнению с прошлым годом не изменился.",)))
    return sentences


def count_list(counts: Sequence[tuple[int, Sequence[str]]]) -> str:
    """«22 общеобразовательные организации, 15 дошкольных образовательных организаций и 1 организация …»."""
    parts = [t.count_noun(number, forms) for number, forms in counts if number]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} и {parts[-1]}"


def objectivity_sentences(year: int, checked: int, at_risk: int, by_signal: Sequence[tuple[str, int]],
                          names: Sequence[str] = ()) -> list[Paragraph]:
    """How many schools show signs of non-objective results; the names only when the authority publishes them."""
    school_year = t.school_year(year)
    if not checked:
        return []
    checked_text = t.count_noun_genitive(checked, ("проверенной школы", "проверенных школ"))
    if not at_risk:
        return [Paragraph((f"В {school_year} учебном году ни у одной из {checked_text} не выявлено признаков "
                           "необъективности результатов оценочных процедур.",))]
    sentences = [Paragraph((
        f"В {school_year} учебном году признаки необъективности результатов выявлены у ",
        Figure(str(at_risk)), f" из {checked_text}.",
    ))]
    for title, count in by_signal:
        if count:
            sentences.append(Paragraph((f"{title} — ", Figure(t.count_noun(count, SCHOOLS[0])), "."), item=True))
    if names:
        sentences.append(Paragraph((f"Школы «в зоне риска»: {_names(names)}.",)))
    return sentences


def level_findings(level: str, facts: Sequence[IndicatorFacts], year: int) -> list[Paragraph]:
    """The findings that close a level of education: how many of its indicators improved, worsened or stayed at
    last year's level (and how many of those moved only within the chance spread), then the improved and the
    worsened ones as list items with their change — the same decision as the sentences above them."""
    compared = [item for item in facts if item.previous is not None]
    if not compared:
        return [Paragraph((f"Сравнимых с прошлым годом значений показателей по {level} за {year}{t.NBSP}год нет.",))]
    better = [item for item in compared if item.verdict == "better" and movement(item) != "steady"]
    worse = [item for item in compared if item.verdict == "worse" and movement(item) != "steady"]
    steady = [item for item in compared if movement(item) == "steady"]
    chance = [item for item in steady if item.by_chance]
    moved = len(compared) - len(better) - len(worse) - len(steady)  # neutral indicators that changed
    parts = [_counted_indicators(len(better), IMPROVED), _counted_indicators(len(worse), WORSENED)]
    kept = f"на уровне прошлого года {t.agree_with_count(len(steady), t.MASCULINE, ('остался', 'остались', 'остались', 'остались'))} " \
           f"{t.count_noun(len(steady), INDICATORS[0])}" if steady else "на уровне прошлого года не остался ни один показатель"
    text = (f"Итоги по {level}: из {t.count_noun_genitive(len(compared), INDICATORS[1])}, сравнимых с прошлым годом, "
            f"{parts[0]}, {parts[1]}, {kept}")
    if chance:
        text += (f" (из них у {t.count_noun_genitive(len(chance), INDICATORS[1])} изменение в пределах случайного "
                 "разброса для такого числа участников)")
    if moved:
        text += (f"; {t.agree_with_count(moved, t.MASCULINE, CHANGED)} {t.count_noun(moved, INDICATORS[0])}, "
                 "для которых рост или снижение не оценивается как улучшение или ухудшение")
    blocks = [Paragraph((text + ".",))]
    sides = {band: [lower_first(as_subject(item.name)).rstrip(",") for item in facts if item.regional_band == band]
             for band in ("above", "below")}
    if any(sides.values()):
        said = [f"{words} — {'; '.join(sides[band])}" for band, words in
                (("above", "выше среднего по региону"), ("below", "ниже среднего по региону")) if sides[band]]
        said = [said[0], *(upper_first(item) for item in said[1:])]
        blocks.append(Paragraph((f"В сравнении с регионом (где его значение известно): {'. '.join(said)}.",)))
    for title, group in (("Улучшились:", better), ("Ухудшились и требуют внимания:", worse)):
        if group:
            blocks.append(Paragraph((title,)))
            blocks.extend(change_item(item) for item in sorted(group, key=lambda item: (-item.magnitude, item.code)))
    return blocks
