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
