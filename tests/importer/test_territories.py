"""Territory codes made from the names of an export's okrug and district columns."""

from __future__ import annotations

import pytest

from generator.errors import ConfigError
from generator.importer.mapping import load_mapping
from generator.importer.territories import _free_code, slug


def test_a_code_is_the_name_in_latin_letters() -> None:
    assert slug("Северо-Восточный АО") == "severo-vostochnyi-ao"
    assert slug("Измайлово") == "izmailovo"
    assert slug("ЮАО") == "iuao"
    assert slug("Поселение «Щербинка»") == "poselenie-shcherbinka"
    assert slug("«»") == "territoriia"
    assert len(slug("Очень " * 20)) <= 40


def test_a_taken_code_gets_its_parent_in_front_then_a_number() -> None:
    assert _free_code("arbat", "tsao", {"vao"}) == "arbat"
    assert _free_code("arbat", "tsao", {"arbat"}) == "tsao-arbat"
    assert _free_code("arbat", "tsao", {"arbat", "tsao-arbat"}) == "arbat-2"
    assert _free_code("vao", "", {"vao", "vao-2"}) == "vao-3"


def test_the_mapping_lists_territory_columns_top_down(tmp_path, project) -> None:
    from generator.load import read_descriptors

    _, resources = read_descriptors(project.datapackages)
    good = tmp_path / "good.yml"
    good.write_text("territories:\n  - {column: Округ, kind: administrative_okrug}\n  - {column: Район, kind: city_district}\n", encoding="utf-8")
    columns = load_mapping(good, resources["organisations"]).territories
    assert [(c.caption, c.kind) for c in columns] == [("Округ", "administrative_okrug"), ("Район", "city_district")]
    upside_down = tmp_path / "bad.yml"
    upside_down.write_text("territories:\n  - {column: Район, kind: city_district}\n  - {column: Округ, kind: administrative_okrug}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="сверху вниз"):
        load_mapping(upside_down, resources["organisations"])
    unknown = tmp_path / "unknown.yml"
    unknown.write_text("territories:\n  - {column: Округ, kind: okrug}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="вид «okrug» неизвестен"):
        load_mapping(unknown, resources["organisations"])
    with pytest.raises(ConfigError, match="нет поля org_id"):
        load_mapping(good, resources["subjects"])
