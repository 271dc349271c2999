"""Sentences generated from the numbers, in correct Russian.

Each function takes plain facts (numbers, names, verdicts) and returns ``Paragraph`` spans; nothing here reads
the results tables, so every sentence can be tested over hand-made inputs. Agreement follows
``generator.typography`` (numbers) and ``generator.report.grammar`` (the gender of an indicator's name).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import typography as t
from .grammar import as_subject, gender_of
from .model import Figure, Paragraph, Span

RISE = ("вырос", "выросла", "выросло", "выросли")
FALL = ("снизился", "снизилась", "снизилось", "снизились")
UNCHANGED = ("не изменился", "не изменилась", "не изменилось", "не изменились")
AMOUNTED = ("составил", "составила", "составило", "составили")

#: the noun of a count unit: nominative (one, few, many) and genitive (singular, plural)
UNIT_NOUNS = {
    "человек": (("человек", "человека", "человек"), ("человека", "человек")),
    "балл": (("балл", "балла", "баллов"), ("балла", "баллов")),
}

JUDGEMENT = {"better": "это улучшение", "worse": "это ухудшение", "same": "изменение несущественно"}


@dataclass(frozen=True)
class IndicatorFacts:
    """What a sentence about one indicator needs: its catalogue entry and its values in two years."""

    code: str
    name: str
    unit: str
    value: float
    previous: float | None = None
    #: ``better`` | ``worse`` | ``same`` | ``None`` (neutral indicator or no previous value)
    verdict: str | None = None
    aggregation: str = "share"

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


def _figure_fraction_aware(number: float, facts: IndicatorFacts, case: str) -> str:
    """A value with its unit, the noun agreeing with the number in the nominative or the genitive case.

    A number printed with decimals («70,0») reads as a fraction and takes the genitive singular («балла»)
    whatever its digits.
    """
    if facts.unit == "процент":
        return t.fmt_percent(number)
    nouns = UNIT_NOUNS.get(facts.unit)
    text = t.fmt_value(number, facts.unit)
    if nouns is None:
        return text
    shown = facts.shown(number)
    if facts.digits:
        noun = nouns[1][0]
    elif case == "genitive":
        noun = t.plural_genitive(int(shown), nouns[1])
    else:
        noun = t.plural(int(shown), nouns[0])
    return f"{text}{t.NBSP}{noun}"


def _bare(number: float, facts: IndicatorFacts) -> str:
    """The first number of «с … до …»: the unit is said once, after the second (except the per cent sign)."""
    return t.fmt_percent(number) if facts.is_share else t.fmt_value(number, facts.unit)


def indicator_sentence(facts: IndicatorFacts) -> Paragraph:
    """«Доля выпускников 9 классов, получивших аттестат, выросла с 85,2 % до 87,1 % (+1,9 п. п.); это улучшение.»

    The verb agrees with the name's head noun; the change is in п. п. for shares and in the unit otherwise;
    the judgement follows the verdict (by the indicator's polarity), and neutral indicators get none.
    """
    gender = gender_of(facts.name)
    subject = as_subject(facts.name)
    code = facts.code
    change = facts.change
    if change is None:
        return Paragraph((f"{subject} {t.agree(gender, AMOUNTED)} ", Figure(_figure_fraction_aware(facts.value, facts, "accusative"), code), "."))
    if change == 0:
        return Paragraph((
            f"{subject} {t.agree(gender, UNCHANGED)} и {t.agree(gender, AMOUNTED)} ",
            Figure(_figure_fraction_aware(facts.value, facts, "accusative"), code), ".",
        ))
    verb = t.agree(gender, RISE if change > 0 else FALL)
    spans: list[Span] = [
        f"{subject} {verb} с ", Figure(_bare(facts.previous, facts), code),
        " до ", Figure(_figure_fraction_aware(facts.value, facts, "genitive"), code),
        " (", Figure(t.fmt_change(change, facts.unit, facts.digits), code), ")",
    ]
    judgement = JUDGEMENT.get(facts.verdict or "")
    spans.append(f"; {judgement}." if judgement else ".")
    return Paragraph(tuple(spans))


def change_item(facts: IndicatorFacts) -> Paragraph:
    """A list item for the largest changes: «доля …: с 85,2 % до 87,1 % (+1,9 п. п.)»."""
    code = facts.code
    return Paragraph((
        f"{facts.name} — с ", Figure(_bare(facts.previous, facts), code),
        " до ", Figure(_figure_fraction_aware(facts.value, facts, "genitive"), code),
        " (", Figure(t.fmt_change(facts.change, facts.unit, facts.digits), code), ")",
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
