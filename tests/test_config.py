"""The configuration: problems collected together, unknown keys reported, every option documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Config, documented_options, load_config, parse_config
from generator.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_demo_configuration_is_valid():
    config = load_config(ROOT / "msoko.yml")
    assert config.site.demo is True
    assert config.privacy.min_group == 5


def test_empty_file_gives_defaults():
    assert parse_config(None) == Config()


def test_all_problems_are_reported_together():
    with pytest.raises(ConfigError) as caught:
        parse_config({"site": {"titel": "x", "demo": "да"}, "privacy": {"min_group": "пять"}, "extra": 1})
    message = str(caught.value)
    assert "site.titel: неизвестный ключ" in message
    assert "site.demo: ожидается да/нет" in message
    assert "privacy.min_group: ожидается целое число" in message
    assert "extra: неизвестный ключ" in message


def test_semantic_checks():
    with pytest.raises(ConfigError, match="ИНН"):
        parse_config({"site": {"authority_inn": "12345"}})
    with pytest.raises(ConfigError, match="shnor.bottom_share"):
        parse_config({"shnor": {"bottom_share": 1.5}})


def test_integers_are_accepted_for_float_options():
    assert parse_config({"analytics": {"tolerance_pp": 1}}).analytics.tolerance_pp == 1.0


def test_unreadable_yaml_names_the_file(tmp_path):
    bad = tmp_path / "msoko.yml"
    bad.write_text("site: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="msoko.yml"):
        load_config(bad)


def test_every_option_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [key for key, _ in documented_options() if f"`{key}`" not in readme]
    assert not missing, f"нет в README: {missing}"


@pytest.mark.parametrize(("data", "expected"), [
    ({"publish": {"sections": ["ratngs", "report"]}},
     "publish.sections: неизвестное значение «ratngs»; допустимые разделы: directions, indicators"),
    ({"objectivity": {"exclude_types": ["gimnasium", "lyceum"]}},
     "objectivity.exclude_types: неизвестное значение «gimnasium»; допустимые виды школ: secondary"),
    ({"shnor": {"metrics": {"ege": "1.07", "oge": "1.18", "vpr": "1.20", "gia": "1.07"}}},
     "shnor.metrics: неизвестное значение «gia»; допустимые процедуры: ege, oge, vpr"),
])
def test_an_unknown_choice_is_an_error_naming_the_key_and_the_valid_choices(data, expected) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(data)
    assert expected in str(caught.value)


def test_unknown_choices_of_several_options_are_reported_together() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"publish": {"sections": ["ratngs"]}, "objectivity": {"exclude_types": ["x"]}})
    assert "publish.sections" in str(caught.value) and "objectivity.exclude_types" in str(caught.value)


def test_indicator_codes_in_the_settings_must_be_in_the_projects_catalogue(tiny_project) -> None:
    from generator.build import validate_data
    from generator.config import load_config
    from generator.project import Project

    path = tiny_project / "msoko.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\nrating:\n  indicators: ['1.07', '9.99']\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        validate_data(Project(tiny_project), load_config(path))
    message = str(caught.value)
    assert "rating.indicators: неизвестное значение «9.99»; допустимые коды показателей: 1.01, 1.02" in message
