"""Name the encoding of a file that is not UTF-8, so the analyst knows what Excel did to it.

charset-normalizer guesses poorly on short Russian tables (it calls a cp1251 list of subjects «big5»),
so the Cyrillic code pages that Russian offices actually produce are tried first and scored by how much
the decoded text looks like Russian words; charset-normalizer is the fallback for anything else.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

#: code page → how the analyst knows it (as offered by Excel and LibreOffice «Save as»)
CYRILLIC = {
    "cp1251": "Windows-1251 (cp1251)",
    "koi8_r": "KOI8-R",
    "cp866": "DOS-866 (cp866)",
    "mac_cyrillic": "Mac Cyrillic",
}
WORD = re.compile(r"[А-Яа-яЁё]+")
GOOD_WORD = re.compile(r"[А-ЯЁ]?[а-яё]+|[А-ЯЁ]+")


def _russian_score(text: str) -> float:
    """Share of Cyrillic words written the way Russian words are (Capitalised, lower or UPPER case)."""
    words = WORD.findall(text)
    if not words:
        return 0.0
    good = sum(len(w) for w in words if GOOD_WORD.fullmatch(w))
    letters = sum(len(w) for w in words)
    junk = sum(1 for ch in text if not (ch.isalnum() or ch.isspace() or ch in ",.;:\"'«»()-–—№/+_@%!?<>=[]{}#&*\\|"))
    return good / letters - junk / max(len(text), 1)


def describe_encoding(data: bytes) -> str:
    """What ``data`` (which failed to decode as UTF-8) is, as a phrase: «кодировка Windows-1251 (cp1251)»."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "кодировка UTF-16 (так сохраняет Excel «Текст Юникод»)"
    if b"\x00" in data[:4096]:
        return "это двоичный, а не текстовый файл (например, книга Excel или архив)"
    return f"кодировка {name_encoding(data)}"


def name_encoding(data: bytes) -> str:
    """The most likely encoding of a text file that is not UTF-8."""
    best, best_score = None, 0.6
    for codec in CYRILLIC:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _russian_score(text)
        if score > best_score + 1e-9:
            best, best_score = codec, score
    if best:
        return CYRILLIC[best]
    guess = from_bytes(data[:200_000]).best()
    if guess is None:
        return "не определена"
    return guess.encoding
