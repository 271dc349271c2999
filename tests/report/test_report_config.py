"""The ``report:`` settings of msoko.yml: defaults as ПП № 662 words them, and one clear message per mistake."""

from __future__ import annotations

import pytest

from generator.config import Config, parse_config
from generator.errors import ConfigError


def test_defaults_are_the_federal_title_and_times_new_roman_14():
    report = Config().report
    assert report.title == "О результатах анализа состояния и перспектив развития системы образования"
    assert report.period.format(year=2025) == "за 2025 год"
    assert (report.font, report.font_size) == ("Times New Roman", 14.0)


@pytest.mark.parametrize(("data", "expected"), [
    ({"font_size": 40}, "report.font_size: кегль от 8 до 20 пт"),
    ({"approval_date": "20.10.2026"}, "report.approval_date: дата в виде ГГГГ-ММ-ДД"),
    ({"period": "за {год} год"}, "report.period: в «за {год} год» допустима только подстановка {year}"),
    ({"targets": [{"indicator": "1.07", "year": 2025}]}, "report.targets, запись 1: value — число"),
    ({"targets": [{"indicator": "1.07", "year": "2025", "value": 70}]}, "report.targets, запись 1: year — год числом"),
    ({"targets": [{"year": 2025, "value": 70, "who": "x"}]}, "report.targets, запись 1: неизвестные ключи who"),
    ({"targets": ["1.07"]}, "report.targets, запись 1: ожидается «indicator: код, year: год, value: значение»"),
])
def test_a_mistake_names_the_key_and_the_record(data, expected):
    with pytest.raises(ConfigError) as caught:
        parse_config({"report": data})
    assert expected in str(caught.value)


def test_a_valid_report_section_is_accepted():
    config = parse_config({"report": {"font": "PT Serif", "font_size": 12, "approval_date": "2026-10-20",
                                      "targets": [{"indicator": "1.07", "year": 2026, "value": 72.5,
                                                   "owner": "методический центр", "deadline": "31 июля 2026 г."}]}})
    assert config.report.font_size == 12.0 and config.report.targets[0]["owner"] == "методический центр"


def test_the_analyst_readme_names_every_section_of_the_outline():
    """The demo's content/report/README.txt tells the analyst which block names exist: every section id of the
    outline, and no name the outline no longer has."""
    import re

    from projects import ROOT

    from generator.report.structure import PART_I, PART_II

    text = (ROOT / "content" / "report" / "README.txt").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z][a-z0-9-]*)`", text.split("Разделы:", 1)[1].split("Нет файла", 1)[0]))
    ids = {section.id for spec in PART_I for section in spec.walk()} | {"indicators"}
    assert ids <= listed, ids - listed
    assert listed <= ids | {spec.id for spec in PART_II}, listed - ids
