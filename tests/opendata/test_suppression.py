"""Suppression of the published source tables on small hand-made data (numbers worked out by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

from generator.compute import compute
from generator.config import parse_config
from generator.errors import PrivacyError
from generator.load import DTYPES, Dataset, read_descriptors, read_table
from generator.opendata import suppress
from generator.project import DEMO_ROOT


def typed(resource, rows: list[dict]) -> pd.DataFrame:
    columns = {}
    for spec in resource.fields:
        dtype = DTYPES.get(spec.get("type", "string"), "string")
        values = [row.get(spec["name"], pd.NA) for row in rows]
        if dtype == "string":
            values = [pd.NA if value is pd.NA or value is None else str(value) for value in values]
        columns[spec["name"]] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(columns)


def dataset(**tables: list[dict]) -> Dataset:
    """The real catalogue, one municipality and the given rows (every other table empty)."""
    packages, resources = read_descriptors(DEMO_ROOT / "datapackages")
    tables.setdefault("municipalities", [{"oktmo": "11111111", "name": "Округ", "kind": "municipal_okrug",
                                          "region": "Область", "region_code": "99"}])
    frames = {name: read_table(resource) if name in ("indicators", "directions") else typed(resource, tables.get(name, []))
              for name, resource in resources.items()}
    return Dataset(root=DEMO_ROOT / "datapackages", packages=packages, resources=resources, tables=frames)


def school(org_id: str) -> dict:
    return {"org_id": org_id, "inn": "1234567890", "ogrn": "1234567890123", "full_name": f"Школа {org_id}",
            "short_name": f"Школа {org_id}", "kind": "school", "type": "secondary", "oktmo": "11111111",
            "address": "ул. Ленина, 1", "locality": "urban"}


def graduation(org_id: str, graduates: int) -> dict:
    return {"org_id": org_id, "year": 2024, "grade": 9, "graduates": graduates, "admitted": graduates,
            "certified": graduates - 1, "with_honours": 1, "medalists": 0}


def ege(org_id: str, subject: str, participants: int, medalists: int) -> dict:
    return {"org_id": org_id, "year": 2024, "subject": subject, "participants": participants, "mean_score": 60.0,
            "below_min": 1, "ge70": 2, "ge80": 1, "ge90": 0, "score100": 0, "medalists": medalists,
            "medalists_not_confirmed": 1 if medalists else 0}


def test_a_small_graduating_class_and_its_complement_are_hidden():
    # 3 + 30 + 40 = 73 graduates in the municipality, published; hiding only the 3 would let 73 − 30 − 40 reveal
    # them, so the smallest other school (30) is hidden as well; the 40 stay published.
    data = dataset(organisations=[school("a"), school("b"), school("c")],
                   graduation=[graduation("a", 3), graduation("b", 30), graduation("c", 40)])
    results = compute(data, parse_config({}))
    published = suppress.suppress_assessment("graduation", data["graduation"], results)
    hidden = dict(zip(published["org_id"], published["suppressed"], strict=True))
    assert hidden == {"a": True, "b": True, "c": False}
    row_a = published[published["org_id"] == "a"].iloc[0]
    assert all(pd.isna(row_a[column]) for column in ("graduates", "admitted", "certified", "with_honours", "medalists"))
    assert published.loc[published["org_id"] == "c", "graduates"].iloc[0] == 40
    # the pages hide the same schools' indicator 1.03 (certificates, grade 9)
    values = results.values[(results.values["indicator"] == "1.03") & (results.values["entity_type"] == "organisation")]
    assert dict(zip(values["entity_id"], values["suppressed"], strict=True)) == hidden
    suppress.check_assessment("graduation", published, data["graduation"], results)  # no error


def test_medalists_are_a_group_of_their_own():
    # 25 participants are published; 2 medalists among them are a small group: only the medalist columns go
    data = dataset(organisations=[school("a"), school("b")],
                   ege=[ege("a", "rus", 25, 2), ege("b", "rus", 30, 0), ege("a", "math", 20, 0), ege("b", "math", 22, 6)])
    results = compute(data, parse_config({}))
    published = suppress.suppress_assessment("ege", data["ege"], results).set_index(["org_id", "subject"])
    assert published.loc[("a", "rus"), "participants"] == 25 and published.loc[("a", "rus"), "mean_score"] == 60.0
    assert pd.isna(published.loc[("a", "rus"), "medalists"]) and pd.isna(published.loc[("a", "rus"), "medalists_not_confirmed"])
    assert bool(published.loc[("a", "rus"), "suppressed"])
    # the analytics hide school b's medalist index 1.25 (secondary: the municipality's 8 medalists minus b's would
    # give a's 2); b's rows 0 + 6 would reveal that hidden total, so the smaller of them (0, rus) goes too
    b_index = results.values[(results.values["indicator"] == "1.25") & (results.values["entity_id"] == "b")].iloc[0]
    assert b_index["suppression"] == "secondary"
    assert pd.isna(published.loc[("b", "rus"), "medalists"])
    assert published.loc[("b", "math"), "medalists"] == 6  # 6 medalists are not a small group
    assert published.loc[("a", "math"), "medalists"] == 0  # nobody: tells nothing about anyone
    suppress.check_assessment("ege", published.reset_index(), data["ege"], results)


def test_the_leak_check_refuses_a_recoverable_row():
    data = dataset(organisations=[school("a"), school("b"), school("c")],
                   graduation=[graduation("a", 3), graduation("b", 30), graduation("c", 40)])
    results = compute(data, parse_config({}))
    internal = data["graduation"]
    leaky = internal.copy()
    leaky["suppressed"] = [True, False, False]
    for column in ("graduates", "admitted", "certified", "with_honours", "medalists"):
        leaky[column] = leaky[column].astype("Int64").mask(leaky["suppressed"])
    with pytest.raises(PrivacyError):  # 73 − 30 − 40 = 3: the hidden class is recoverable
        suppress.check_assessment("graduation", leaky, internal, results)
    shown = internal.copy()
    shown["suppressed"] = False
    with pytest.raises(PrivacyError):  # a class of 3 shown outright
        suppress.check_assessment("graduation", shown, internal, results)
