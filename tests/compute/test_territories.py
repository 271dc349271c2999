"""Territories below the municipality: Σ numerator / Σ denominator at every level, hand-computed.

Two fixtures, one per shape: a federal city with two administrative okrugs and three districts (and schools
directly in an okrug and directly in the city), and a municipal district with two settlements.
"""

from __future__ import annotations

import pytest

from generator.compute import compute, internal_values, procedures
from generator.compute.aggregate import entities

from .helpers import config, make_dataset, school, value_row

CITY = "45000000"


def ege(org_id: str, participants: int, ge70: int, mean: float, year: int = 2024, subject: str = "rus") -> dict:
    return dict(org_id=org_id, year=year, subject=subject, participants=participants, mean_score=mean, below_min=0,
                ge70=ge70, ge80=0, ge90=0, score100=0, medalists=0, medalists_not_confirmed=0)


def federal_city(**extra):
    """Москва в миниатюре: ЦАО (Арбат, Тверской), САО (Аэропорт); s4 lies in САО itself, s5 in no okrug."""
    return make_dataset(
        municipalities=[{"oktmo": CITY, "name": "Город", "kind": "federal_city", "region": "Город", "region_code": "77"}],
        territories=[
            {"territory_id": "cao", "name": "Центральный административный округ", "kind": "administrative_okrug", "oktmo": CITY},
            {"territory_id": "sao", "name": "Северный административный округ", "kind": "administrative_okrug", "oktmo": CITY},
            {"territory_id": "arbat", "name": "Арбат", "kind": "city_district", "oktmo": CITY, "parent_id": "cao",
             "territory_oktmo": "45374000"},
            {"territory_id": "tver", "name": "Тверской", "kind": "city_district", "oktmo": CITY, "parent_id": "cao"},
            {"territory_id": "aeroport", "name": "Аэропорт", "kind": "city_district", "oktmo": CITY, "parent_id": "sao"},
        ],
        organisation_territories=[{"org_id": o, "territory_id": t} for o, t in
                                  (("s1", "arbat"), ("s2", "tver"), ("s3", "aeroport"), ("s4", "sao"))],
        organisations=[school(o, CITY) for o in ("s1", "s2", "s3", "s4", "s5")],
        ege=[ege("s1", 40, 20, 70.0), ege("s2", 60, 30, 60.0), ege("s3", 50, 10, 50.0), ege("s4", 30, 15, 80.0),
             ege("s5", 20, 4, 40.0)],
        **extra)


def test_entities_chain_each_organisation_through_its_territories_to_the_city():
    table = entities(federal_city()).set_index(["entity_type", "entity_id"])
    assert tuple(table.loc[("organisation", "s1"), ["parent_type", "parent_id"]]) == ("territory", "arbat")
    assert tuple(table.loc[("territory", "arbat"), ["parent_type", "parent_id"]]) == ("territory", "cao")
    assert tuple(table.loc[("territory", "cao"), ["parent_type", "parent_id"]]) == ("municipality", CITY)
    assert tuple(table.loc[("organisation", "s5"), ["parent_type", "parent_id"]]) == ("municipality", CITY)
    assert table.loc[("municipality", CITY), "kind"] == "federal_city"
    assert table.loc[("organisation", "s4"), "oktmo"] == CITY


def test_every_level_is_the_ratio_of_sums():
    values = compute(federal_city(), config()).values
    share = {entity: value_row(values, "1.09", entity, 2024) for entity in ("arbat", "tver", "aeroport", "cao", "sao", CITY)}
    assert share["arbat"]["value"] == pytest.approx(50.0)
    assert share["aeroport"]["value"] == pytest.approx(20.0)
    # ЦАО = (20 + 30) / (40 + 60); САО has Аэропорт and s4 itself: (10 + 15) / (50 + 30) = 31,25 %, not (20 + 50) / 2
    assert (share["cao"]["numerator"], share["cao"]["denominator"]) == (50, 100)
    assert share["sao"]["value"] == pytest.approx(31.25)
    # the city counts every school once, however deep its branch: 79 / 200
    assert (share[CITY]["numerator"], share[CITY]["denominator"]) == (79, 200)
    assert share["sao"]["municipal_value"] == pytest.approx(39.5)
    mean = value_row(values, "1.07", "cao", 2024)
    assert mean["value"] == pytest.approx((70 * 40 + 60 * 60) / 100)


def test_procedure_rows_count_each_school_once_at_every_level():
    dataset = federal_city()
    cells = procedures.cells(dataset, entities(dataset))["ege"]
    participants = cells.set_index(["entity_type", "entity_id"])["participants"]
    assert participants[("municipality", CITY)] == 200  # 40 + 60 + 50 + 30 + 20, not the okrugs' sums added again
    assert participants[("territory", "sao")] == 80
    assert participants[("territory", "cao")] == 100
    assert not cells.duplicated(["entity_type", "entity_id", "year", "subject"]).any()


def test_municipal_district_with_settlements():
    dataset = make_dataset(
        municipalities=[{"oktmo": "11611000", "name": "Район", "kind": "municipal_district", "region": "Область",
                         "region_code": "11"}],
        territories=[{"territory_id": "gor", "name": "Городское поселение", "kind": "urban_settlement", "oktmo": "11611000",
                      "territory_oktmo": "11611101"},
                     {"territory_id": "sel", "name": "Сельское поселение", "kind": "rural_settlement", "oktmo": "11611000",
                      "territory_oktmo": "11611402"}],
        organisation_territories=[{"org_id": "a", "territory_id": "gor"}, {"org_id": "b", "territory_id": "gor"},
                                  {"org_id": "c", "territory_id": "sel"}],
        organisations=[school(o, "11611000") for o in ("a", "b", "c")],
        ege=[ege("a", 25, 10, 60.0), ege("b", 15, 3, 50.0), ege("c", 10, 1, 45.0)])
    internal, _entities, _years = internal_values(dataset)
    rows = internal[internal["indicator"] == "1.09"].set_index("entity_id")
    assert rows.loc["gor", "value"] == pytest.approx(100 * 13 / 40)
    assert rows.loc["sel", "value"] == pytest.approx(10.0)
    assert rows.loc["11611000", "value"] == pytest.approx(100 * 14 / 50)


def test_without_territories_nothing_changes():
    dataset = make_dataset(organisations=[school("a"), school("b")], ege=[ege("a", 25, 10, 60.0), ege("b", 15, 3, 50.0)])
    table = entities(dataset)
    assert set(table["entity_type"]) == {"organisation", "municipality"}
    assert set(table.loc[table["entity_type"] == "organisation", "parent_type"]) == {"municipality"}


def test_codes_stay_text_whatever_the_tables_hold():
    # an empty territory table must not turn the organisations' ОКТМО into numbers («11111111.0»)
    dataset = make_dataset(organisations=[school("a")])
    table = entities(dataset)
    assert table.loc[table["entity_type"] == "organisation", "parent_id"].tolist() == ["11111111"]
