"""Reference values: the region beside a municipality only when the project has a region, never a copy."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from generator.compute import compute
from generator.templates_xlsx import build_template

from .helpers import PACKAGES, config, make_dataset, school
from .test_territories import ege

TWO = [{"oktmo": o, "name": n, "kind": "municipal_okrug", "region": "Область", "region_code": "99"}
       for o, n in (("11111111", "Первый"), ("22222222", "Второй"))]


def reference(indicator: str, year: int, scope: str, value: float, name: str = "Область") -> dict:
    return dict(indicator=indicator, year=year, scope=scope, name=name, value=value, source="Доклад министерства")


def test_one_municipality_without_references_has_no_region():
    results = compute(make_dataset(organisations=[school("a")], ege=[ege("a", 20, 10, 60.0)]), config())
    assert results.regional("1.09", 2024) is None  # not the municipality's 50 % under another name
    assert results.reference("1.09", 2024, "region") is None


def test_the_reference_value_is_the_region_of_a_single_municipality():
    dataset = make_dataset(organisations=[school("a")], ege=[ege("a", 20, 10, 60.0)],
                           reference_values=[reference("1.09", 2024, "region", 42.5),
                                             reference("1.09", 2024, "russia", 40.1, "Россия")])
    results = compute(dataset, config())
    assert results.regional("1.09", 2024) == (42.5, "Доклад министерства")
    assert results.reference("1.09", 2024, "russia") == (40.1, "Россия", "Доклад министерства")
    assert results.regional("1.09", 2023) is None


def test_several_municipalities_give_the_computed_region_first():
    dataset = make_dataset(municipalities=TWO, organisations=[school("a", "11111111"), school("b", "22222222")],
                           ege=[ege("a", 20, 10, 60.0), ege("b", 30, 6, 55.0)],
                           reference_values=[reference("1.09", 2024, "region", 42.5)])
    value, origin = compute(dataset, config()).regional("1.09", 2024)
    assert value == pytest.approx(100 * 16 / 50) and "муниципалитет" in origin


def test_the_entry_template_lists_the_scopes_and_indicators():
    book = load_workbook(io.BytesIO(build_template(PACKAGES, "reference_values")))
    sheet = book["Данные"]
    assert [cell.value for cell in sheet[2]] == ["indicator", "year", "scope", "name", "value", "source"]
    checks = {str(item.sqref).split(":")[0]: item for item in sheet.data_validations.dataValidation}
    assert checks["C3"].formula1 == '"region,russia,control_sample"'
    assert "1.09 — ЕГЭ по русскому языку ≥ 70" in [cell.value for cell in book["Справочники"]["A"]]


def test_a_share_above_100_is_refused(tiny_project):
    import datetime as dt

    from generator.validate import validate

    path = tiny_project / "datapackages" / "monitoring" / "reference_values.csv"
    pd.DataFrame([reference("1.09", 2024, "region", 142.5), reference("1.07", 2024, "region", 142.5)]).to_csv(path, index=False)
    report = validate(tiny_project / "datapackages", today=dt.date(2025, 9, 1))
    found = [(p.type, p.file, p.row, p.column) for p in report.errors]
    assert found == [("share-range", "monitoring/reference_values.csv", 2, "value")]  # 1.07 is a mean score
