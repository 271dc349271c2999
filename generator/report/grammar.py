"""Russian grammar of indicator names: the head noun, its gender, and the name as the subject of a sentence.

A generated sentence («Доля выпускников …, выросла с …») needs the verb to agree with the head noun of the
indicator's name (доля → выросла, число → выросло, средний балл → вырос). The general agreement rules live in
``generator.typography``; this module knows the nouns that indicator names start with.
"""

from __future__ import annotations

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
