"""Russian grammar of indicator names: the head noun, its gender, and the name as the subject of a sentence.

A generated sentence («Доля выпускников …, выросла с …») needs the verb to agree with the head noun of the
indicator's name (доля → выросла, число → выросло, средний балл → вырос). The general agreement rules live in
``generator.typography``; this module knows the nouns that indicator names start with.
"""

from __future__ import annotations

import functools
import re

from ..typography import FEMININE, MASCULINE, NEUTER, PLURAL

#: gender of the head nouns that indicator names start with (the demo catalogue and the federal monitoring
#: forms); a name whose head noun is missing here falls back to the ending rules of ``guess_gender``
HEAD_NOUNS = {
    "доля": FEMININE,
    "численность": FEMININE,
    "успеваемость": FEMININE,
    "отметка": FEMININE,
    "площадь": FEMININE,
    "стоимость": FEMININE,
    "обеспеченность": FEMININE,
    "укомплектованность": FEMININE,
    "наполняемость": FEMININE,
    "плата": FEMININE,
    "зарплата": FEMININE,
    "нагрузка": FEMININE,
    "сумма": FEMININE,
    "число": NEUTER,
    "количество": NEUTER,
    "качество": NEUTER,
    "соотношение": NEUTER,
    "отношение": NEUTER,
    "значение": NEUTER,
    "балл": MASCULINE,
    "индекс": MASCULINE,
    "уровень": MASCULINE,
    "охват": MASCULINE,
    "объём": MASCULINE,
    "объем": MASCULINE,
    "вес": MASCULINE,
    "процент": MASCULINE,
    "показатель": MASCULINE,
    "коэффициент": MASCULINE,
    "размер": MASCULINE,
    "результат": MASCULINE,
    "расходы": PLURAL,
    "затраты": PLURAL,
    "результаты": PLURAL,
}

#: adjectives that may precede the head noun («Средний балл», «Удельный вес», «Общее число»)
_ADJECTIVE_ENDINGS = ("ий", "ый", "ой", "ая", "яя", "ое", "ее")

_WORD = re.compile(r"[а-яё]+")


def head_noun(name: str) -> str:
    """The noun that governs the verb: the first word that is not an adjective (``Средний балл …`` → ``балл``)."""
    words = _WORD.findall(name.lower())
    if not words:
        raise ValueError(f"в наименовании «{name}» нет русских слов")
    for word in words:
        if word in HEAD_NOUNS or not word.endswith(_ADJECTIVE_ENDINGS):
            return word
    return words[-1]


def guess_gender(noun: str) -> str:
    """Gender of a noun outside ``HEAD_NOUNS``, by its ending (reliable for the abstract nouns of statistics)."""
    if noun.endswith(("ы", "и")):
        return PLURAL
    if noun.endswith(("ость", "а", "я")):
        return FEMININE
    if noun.endswith(("о", "е", "ие")):
        return NEUTER
    return MASCULINE


def gender_of(name: str) -> str:
    """Grammatical gender (or plural) of an indicator name's head noun."""
    noun = head_noun(name)
    return HEAD_NOUNS.get(noun) or guess_gender(noun)


def as_subject(name: str) -> str:
    """The name ready to be followed by its verb.

    A participial or relative clause inside the name («Доля выпускников, получивших аттестат») must be
    closed by a comma before the verb, as Russian punctuation requires.
    """
    name = name.strip().rstrip(".")
    return f"{name}," if ", " in name else name


def lower_first(text: str) -> str:
    """Lower-case the first letter for use inside a sentence, but keep abbreviations (``ВПР``, ``ДОО``)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# Counted nouns: what a count or a mean is counted in («5 240 участий», «3 школы», «8,5 воспитанника»).

#: the noun of the units themselves: nominative (one, few, many) and genitive (singular, plural)
PEOPLE = (("человек", "человека", "человек"), ("человека", "человек"))
POINTS = (("балл", "балла", "баллов"), ("балла", "баллов"))
#: head nouns of means that are bare numbers: «средняя отметка 3,7», not «3,7 балла»
BARE_MEANS = {"отметка"}
_COUNT_HEADS = {"число", "количество"}


@functools.lru_cache(maxsize=1)
def _morph():
    """pymorphy3's analyser, loaded once (its dictionary takes a moment to open)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _forms_of(lemma_parse) -> tuple[tuple[str, str, str], tuple[str, str]]:
    """(nominative after 1, 2, 5), (genitive after 1, 5) of a noun, from the morphological analyser."""
    nominative = lemma_parse.inflect({"sing", "nomn"}) or lemma_parse
    genitive = lemma_parse.inflect({"sing", "gent"}) or lemma_parse
    return (tuple(nominative.make_agree_with_number(n).word for n in (1, 2, 5)),  # type: ignore[return-value]
            (genitive.make_agree_with_number(1).word, genitive.make_agree_with_number(5).word))


@functools.lru_cache(maxsize=512)
def counted_noun(name: str, unit: str) -> tuple[tuple[str, str, str], tuple[str, str]] | None:
    """The noun a value of the indicator is counted in, or ``None`` for a bare number.

    «Число участий в …» (unit человек) counts участия, not people; «Число школ …» (unit единица) counts
    школы; «Численность обучающихся» counts people; «Средняя отметка» is a bare number; «Средний балл» is
    in баллы. The counted noun after «Число» is found by the analyser (the first noun in the genitive
    plural); a person noun («педагогов», «победителей») keeps «человек», which reads better with numbers.
    """
    words = _WORD.findall(name.lower())
    head = head_noun(name)
    if unit == "балл":
        return None if head in BARE_MEANS else POINTS
    if head in _COUNT_HEADS and unit in ("человек", "единица", "человек на одного педагога"):
        morph = _morph()
        for word in words[words.index(head) + 1:]:
            parses = morph.parse(word)
            if "ADJF" in parses[0].tag or "PRTF" in parses[0].tag:
                continue  # «стобалльных», «первичных»: an adjective before the counted noun
            parsed = next((item for item in parses if "NOUN" in item.tag and "gent" in item.tag
                           and "plur" in item.tag), None)
            if parsed is None:
                break
            if "anim" in parsed.tag and unit != "человек на одного педагога":
                return PEOPLE
            lemma = morph.parse(parsed.normal_form)[0]
            return _forms_of(lemma)
    if unit == "человек":
        return PEOPLE
    return None
