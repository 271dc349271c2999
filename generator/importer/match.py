"""Names instead of codes: match «МБОУ "СОШ №3"» to the registry's ``sch-03``, and say so when it cannot.

Exports name organisations the way the export system spells them: with or without the legal form (МБОУ, МАОУ…),
with «ёлочки», "straight" or „German“ quotes, «№ 3», «N3» or «3», abbreviated or in full. Names are compared after
reducing them to what identifies the organisation; an unknown name gets the closest registry names as
suggestions, a name shared by several organisations (or an ИНН shared by branches) is reported with all of them.
The same works for municipalities (ОКТМО), subjects and indicators, which exports also give by name.

A region's export names the same few hundred organisations thousands of times: each distinct value is resolved
once (``ReferenceIndex.resolve`` remembers its answers), and the suggestions for an unknown name come from one
``rapidfuzz.process.extract`` over the normalised registry names, ranked by likeness, names with the same
number («№ 1404») first. Former names of the registry (``former_names``) point to today's organisation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

_QUOTES = re.compile(r"[«»\"“”„‘’'`]")
_NUMBER_SIGN = re.compile(r"(?:№|\bno\.?|\bn\.?)\s*(?=\d)")
_PUNCT = re.compile(r"[.,;:()\[\]/\\]+")
#: legal forms (ОПФ) that exports add or leave out; removed before comparing
_LEGAL_FORMS = re.compile(
    r"^(?:(?:м|г|ч|н)?(?:б|а|к)?(?:д)?оу(?: до)?|м[бак]?у(?: до)?|мбудо|маудо|мкудо|мбоудо|ано(?: до)?|гб?оу|ноу|чоу)\s+"
)
_LONG_FORMS = re.compile(
    r"^(?:муниципальное|государственное|частное|негосударственное)?\s*(?:бюджетное|автономное|казенное)?\s*"
    r"(?:дошкольное\s+)?(?:общеобразовательное|образовательное)?\s*учреждение(?:\s+дополнительного\s+образования)?\s+"
)
#: long words and their usual abbreviations in names, compared in the short form
_ABBREVIATIONS = (
    ("средняя общеобразовательная школа", "сош"),
    ("основная общеобразовательная школа", "оош"),
    ("начальная общеобразовательная школа", "нош"),
    ("средняя школа", "сш"),
    ("основная школа", "ош"),
    ("центр развития ребенка", "црр"),
    ("дом детского творчества", "ддт"),
    ("центр дополнительного образования детей", "цдод"),
    ("центр дополнительного образования", "цдо"),
    ("детско-юношеская спортивная школа", "дюсш"),
    ("д/с", "детский сад"),
)


def normalise_name(text: str, keep_form: bool = False) -> str:
    """An organisation's name reduced to what identifies it (see the module docstring); ``keep_form`` keeps the
    legal form, which tells «МБОУ «СОШ № 3»» from «МКОУ «СОШ № 3»» when the export spells it."""
    text = str(text).lower().replace("ё", "е").replace("\u00a0", " ")
    text = _QUOTES.sub(" ", text)
    text = _NUMBER_SIGN.sub("№", text)
    text = text.replace("№", " ")
    for long, short in _ABBREVIATIONS:
        text = text.replace(long, short)
    text = _PUNCT.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if keep_form:
        return text
    text = _LONG_FORMS.sub("", text)
    text = _LEGAL_FORMS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def normalise_name_with_form(text: str) -> str:
    return normalise_name(text, keep_form=True)


def normalise_plain(text: str) -> str:
    """Other reference names (subjects, municipalities, indicators): case, ё, quotes and spacing."""
    text = _QUOTES.sub(" ", str(text).lower().replace("ё", "е").replace("\u00a0", " "))
    return re.sub(r"\s+", " ", text).strip(" .")


@dataclass(frozen=True)
class Resolution:
    """How one value was matched: ``key`` is the registry code, or None with ``problem`` and ``candidates``."""

    value: str
    key: str | None
    how: str  # "id", "name", "inn", "label", "former"
    problem: str | None = None  # "unknown" or "ambiguous"
    candidates: tuple[str, ...] = ()  # human-readable «code — name» of possible matches


@dataclass
class ReferenceIndex:
    """Codes of one reference table and the names that point to them."""

    what: str  # what a row is, in Russian, for messages («организация», «предмет»)
    labels: dict[str, str]  # code → display name
    normalise: Callable[[str], str] = normalise_plain
    names: dict[str, set[str]] = field(default_factory=dict)  # normalised name → codes
    strict: Callable[[str], str] | None = None  # a finer normalisation tried first (organisations: with legal form)
    strict_names: dict[str, set[str]] = field(default_factory=dict)
    inns: dict[str, set[str]] = field(default_factory=dict)
    former: dict[str, set[str]] = field(default_factory=dict)  # normalised former name → codes
    former_labels: dict[str, str] = field(default_factory=dict)  # code → a former name, for messages
    _memo: dict[str, Resolution] = field(default_factory=dict, repr=False)
    _choices: list[str] | None = field(default=None, repr=False)

    def add_names(self, pairs: Iterable[tuple[str, str]]) -> None:
        for key, name in pairs:
            if name:
                self.names.setdefault(self.normalise(name), set()).add(key)
                if self.strict:
                    self.strict_names.setdefault(self.strict(name), set()).add(key)
        self._memo.clear()
        self._choices = None

    def add_former_names(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Names an organisation had before (renamed, merged): matched after today's names, never instead of them."""
        for key, name in pairs:
            if name:
                self.former.setdefault(self.normalise(name), set()).add(key)
                self.former_labels.setdefault(key, name)
        self._memo.clear()
        self._choices = None

    def describe(self, key: str) -> str:
        return f"{key} — {self.labels.get(key, '')}".rstrip(" —")

    def resolve(self, value: str) -> Resolution:
        """Match a cell value by code, «name (code)» label, ИНН, name or former name (remembered per value)."""
        known = self._memo.get(value)
        if known is None:
            known = self._memo[value] = self._resolve(value)
        return known

    def _resolve(self, value: str) -> Resolution:
        text = value.strip()
        if text in self.labels:
            return Resolution(value, text, "id")
        label = re.search(r"[\[(]([^\[\]()]+)[\])]\s*$", text)
        if label and label.group(1).strip() in self.labels:
            return Resolution(value, label.group(1).strip(), "label")
        leading = re.match(r"^(\S+)\s+[—–-]\s+", text)
        if leading and leading.group(1) in self.labels:
            return Resolution(value, leading.group(1), "label")
        if self.inns and re.fullmatch(r"\d{9,10}", text):
            found = sorted(self.inns.get(text.zfill(10), ()))  # Excel drops the leading zero of an ИНН
            if len(found) == 1:
                return Resolution(value, found[0], "inn")
            if found:
                return Resolution(value, None, "inn", "ambiguous", tuple(self.describe(k) for k in found))
            return Resolution(value, None, "inn", "unknown")
        if self.strict:
            exact = self.strict_names.get(self.strict(text), set())
            if len(exact) == 1:
                return Resolution(value, next(iter(exact)), "name")
        name = self.normalise(text)
        found = sorted(self.names.get(name, ()))
        if len(found) == 1:
            return Resolution(value, found[0], "name")
        if found:
            return Resolution(value, None, "name", "ambiguous", tuple(self.describe(k) for k in found))
        former = sorted(self.former.get(name, ()))
        if len(former) == 1:
            return Resolution(value, former[0], "former")
        if former:
            return Resolution(value, None, "former", "ambiguous", tuple(self.describe(k) for k in former))
        return Resolution(value, None, "name", "unknown", self.suggest(name))

    def suggest(self, name: str, limit: int = 3) -> tuple[str, ...]:
        """The registry entries most like ``name`` (normalised), best first: a name with the same numbers
        outranks a likelier spelling of another number («СОШ № 13» suggests «СОШ № 13 «Гамма»» before «СОШ № 3»)."""
        if self._choices is None:
            self._choices = sorted(set(self.names) | set(self.former))
        if not self._choices or not name:
            return ()
        found = process.extract(name, self._choices, scorer=fuzz.token_set_ratio, limit=limit * 4, score_cutoff=50)
        numbers = _numbers(name)
        ranked = sorted(found, key=lambda item: (-(numbers == _numbers(item[0]) and bool(numbers)), -item[1], item[0]))
        keys: list[str] = []
        for choice, _, _ in ranked:
            for key in sorted(self.names.get(choice, set()) | self.former.get(choice, set())):
                if key not in keys:
                    keys.append(key)
        return tuple(self.describe(key) for key in keys[:limit])


def _numbers(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d+", text))


def organisation_index(rows: Iterable[dict], former: Iterable[dict] = ()) -> ReferenceIndex:
    """Index of the registry's organisations by full and short name, by ИНН (branches share one) and by the
    former names of ``former`` (rows of the registry's ``former_names``: org_id, name)."""
    rows = list(rows)
    labels = {row["org_id"]: row.get("short_name") or row.get("full_name") or "" for row in rows}
    index = ReferenceIndex("организация", labels, normalise_name, strict=normalise_name_with_form)
    index.add_names((row["org_id"], row.get("full_name") or "") for row in rows)
    index.add_names((row["org_id"], row.get("short_name") or "") for row in rows)
    for row in rows:
        if row.get("inn"):
            index.inns.setdefault(row["inn"], set()).add(row["org_id"])
    index.add_former_names((str(row["org_id"]), str(row.get("name") or "")) for row in former)
    return index


#: how to index each reference resource: (code field, name fields, what a row is)
REFERENCES = {
    "municipalities": ("oktmo", ("name",), "муниципальное образование"),
    "subjects": ("code", ("name",), "предмет"),
    "indicators": ("code", ("name", "short_name"), "показатель"),
    "directions": ("code", ("name", "slug"), "направление"),
}


def reference_index(resource: str, rows: Iterable[dict], former: Iterable[dict] = ()) -> ReferenceIndex | None:
    """The index for a foreign key's target resource, or None when names cannot stand for its codes."""
    if resource == "organisations":
        return organisation_index(rows, former)
    if resource not in REFERENCES:
        return None
    code, names, what = REFERENCES[resource]
    rows = list(rows)
    index = ReferenceIndex(what, {str(row[code]): str(row.get(names[0]) or "") for row in rows})
    for name in names:
        index.add_names((str(row[code]), str(row.get(name) or "")) for row in rows)
    return index
