"""Russian typography: decimal comma, non-breaking spaces, п. п., plural agreement, «ёлочки»."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import typography as t

NBSP = "\u00a0"


def test_number_has_decimal_comma_and_nbsp_groups():
    assert t.fmt_number(1234567.891) == f"1{NBSP}234{NBSP}567,9"
    assert t.fmt_number(0.05, 1) == "0,1"
    assert t.fmt_int(2000) == f"2{NBSP}000"


def test_negative_numbers_use_typographic_minus():
    assert t.fmt_number(-3.25, 2) == "\u22123,25"


def test_percent_and_percentage_points():
    assert t.fmt_percent(85.24) == f"85,2{NBSP}%"
    assert t.fmt_pp(1.94) == f"+1,9{NBSP}п.{NBSP}п."
    assert t.fmt_pp(-2.0) == f"\u22122,0{NBSP}п.{NBSP}п."
    # a change that rounds to zero carries no sign and no «−0»
    assert t.fmt_pp(-0.04) == f"0,0{NBSP}п.{NBSP}п."


def test_missing_values_show_a_dash():
    assert t.fmt_number(None) == t.NO_DATA
    assert t.fmt_percent(float("nan")) == t.NO_DATA


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "школа"), (2, "школы"), (4, "школы"), (5, "школ"), (11, "школ"), (12, "школ"), (14, "школ"),
     (21, "школа"), (22, "школы"), (25, "школ"), (101, "школа"), (111, "школ"), (0, "школ")],
)
def test_plural_forms_follow_russian_rules(number, expected):
    assert t.plural(number, ("школа", "школы", "школ")) == expected


def test_fractions_take_genitive_singular():
    assert t.plural(1.5, ("балл", "балла", "баллов")) == "балла"
    assert t.count_noun(1.5, ("балл", "балла", "баллов"), digits=1) == f"1,5{NBSP}балла"


def test_count_noun_keeps_number_and_noun_together():
    assert t.count_noun(21, ("школа", "школы", "школ")) == f"21{NBSP}школа"


def test_quotes_nest_as_russian_typography_requires():
    assert t.quote("МБОУ «СОШ № 1»") == "«МБОУ „СОШ № 1“»"


def test_school_year_and_dates():
    assert t.school_year(2025) == "2024/25"
    assert t.school_year(2000) == "1999/00"
    assert t.fmt_date(dt.date(2026, 3, 1)) == f"1{NBSP}марта 2026{NBSP}г."


def test_value_in_unit():
    assert t.fmt_value(12.0, "единица") == "12"
    assert t.fmt_value(71.44, "балл") == "71,4"
    assert t.fmt_value(50, "процент") == f"50,0{NBSP}%"


def test_fast_number_formatting_equals_babel() -> None:
    """``fmt_number`` applies the ru_RU pattern itself (for speed); it must give exactly Babel's digits."""
    import random

    from generator.typography import _fmt_number_babel

    generator = random.Random(7)
    values = [generator.uniform(-1e6, 1e6) for _ in range(3000)] + [i / 200 for i in range(-2000, 2000)]
    values += [0.05, 0.15, 0.25, 2.675, 999.95, -999.95, 1e-9, -1e-9, 1234567.891]
    for value in values:
        for digits in (0, 1, 2, 3):
            assert t.fmt_number(value, digits) == _fmt_number_babel(value, digits), (value, digits)
