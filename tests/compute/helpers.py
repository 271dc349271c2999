"""Small hand-made datasets for the analytics tests, typed exactly like ``generator.load`` types them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from generator.config import Config, parse_config
from generator.load import DTYPES, Dataset, read_descriptors, read_table

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ROOT / "datapackages"


def typed(resource, rows: list[dict]) -> pd.DataFrame:
    """A frame with every column of ``resource`` typed as its schema says; missing cells are <NA>."""
    columns = {}
    for spec in resource.fields:
        dtype = DTYPES.get(spec.get("type", "string"), "string")
        values = [row.get(spec["name"], pd.NA) for row in rows]
        if dtype == "string":
            values = [pd.NA if value is pd.NA or value is None else str(value) for value in values]
        columns[spec["name"]] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(columns)


def make_dataset(**tables: list[dict]) -> Dataset:
    """A Dataset with the real catalogue and the given rows (every other table empty).

    Defaults: one municipality 11111111 (region 99) unless ``municipalities`` is given.
    """
    packages, resources = read_descriptors(PACKAGES)
    frames = {}
    tables.setdefault("municipalities", [{"oktmo": "11111111", "name": "Округ", "kind": "municipal_okrug",
                                          "region": "Область", "region_code": "99"}])
    for name, resource in resources.items():
        if name in ("indicators", "directions"):
            frames[name] = read_table(resource)
        else:
            frames[name] = typed(resource, tables.get(name, []))
    return Dataset(root=PACKAGES, packages=packages, resources=resources, tables=frames)


def school(org_id: str, oktmo: str = "11111111", **extra) -> dict:
    row = {"org_id": org_id, "inn": "1234567890", "ogrn": "1234567890123", "full_name": f"Школа {org_id}",
           "short_name": f"Школа {org_id}", "kind": "school", "type": "secondary", "oktmo": oktmo,
           "address": "ул. Ленина, 1", "locality": "urban"}
    row.update(extra)
    return row


def config(**sections: dict) -> Config:
    """The default configuration with some sections overridden."""
    return parse_config(sections)


def value_row(values: pd.DataFrame, indicator: str, entity_id: str, year: int) -> pd.Series:
    rows = values[(values["indicator"] == indicator) & (values["entity_id"] == entity_id) & (values["year"] == year)]
    assert len(rows) == 1, f"{indicator} {entity_id} {year}: {len(rows)} rows"
    return rows.iloc[0]


def demo_module():
    """``scripts/make_demo_data.py`` as a module (for its DESIGNED_* constants)."""
    import importlib.util
    import sys

    if "make_demo_data" in sys.modules:
        return sys.modules["make_demo_data"]
    spec = importlib.util.spec_from_file_location("make_demo_data", ROOT / "scripts" / "make_demo_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo_data"] = module
    spec.loader.exec_module(module)
    return module


def demo_root(tmp_dir: Path) -> Path:
    """The demo data packages: the committed ones when present, otherwise freshly generated into ``tmp_dir``."""
    import shutil
    import subprocess
    import sys

    if (PACKAGES / "registry" / "organisations.csv").exists() and (PACKAGES / "assessments" / "vpr.csv").exists():
        return PACKAGES
    out = tmp_dir / "generated"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_demo_data.py"), "--out", str(out)], check=True,
                   capture_output=True)
    target = tmp_dir / "datapackages"
    shutil.copytree(PACKAGES, target)
    shutil.copytree(out, target, dirs_exist_ok=True)
    return target
