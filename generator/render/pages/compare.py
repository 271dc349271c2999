"""The comparison of chosen organisations at ``/compare/?ids=a,b,c`` and the per-organisation files it reads.

The page is static: ``compare.js`` reads the identifiers from the address and fetches one small JSON file per
organisation (``compare/<id>.json``), written here. The files hold only what the organisation's and the
municipality's pages already publish, as they publish it: the shown text of each value after the disclosure
control, so a hidden value stays «к» and no new number appears, and the value's 95 % interval wherever the
organisation's page shows it (its summary's «вероятный диапазон»; never beside a «к»). The key measures are the catalogue's headline
indicators of the organisation's kind (for a kind without any, its organisation-level indicators).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ... import site_search, urls
from ... import typography as ty
from ..lookups import KIND_NAMES, interval_text, records, shown_value
from .catalogues import COMPARE_PAGE, TITLES

if TYPE_CHECKING:
    from ..writer import PageWriter

#: at most this many indicators for a kind without headline indicators
FALLBACK_MEASURES = 8
#: how many organisations the page compares at once
MOST = 4


def data_path(org_id: str) -> str:
    return f"compare/{org_id}.json"


def key_measures(w: PageWriter, kind: str) -> list[dict[str, Any]]:
    """The indicators compared for organisations of ``kind``, in catalogue order."""
    rows = [item for item in w.data.catalogue_rows
            if str(item["level"]) == "organisation" and str(item["applies_to"]) == kind]
    headline = [item for item in rows if bool(item["headline"]) and str(item["headline"]).lower() != "false"]
    return headline or rows[:FALLBACK_MEASURES]


def organisation_record(w: PageWriter, org: dict[str, Any]) -> dict[str, Any]:
    """One organisation's key measures beside its municipality's, as the pages show them (text, «к», «—»)."""
    data = w.data
    org_id, oktmo = str(org["org_id"]), str(org["oktmo"])
    municipality = data.municipality_by_id.get(oktmo)
    measures = []
    summary = {str(code) for code in getattr(w.config.summary, str(org["kind"]), [])}
    for item in key_measures(w, str(org["kind"])):
        code, unit = str(item["code"]), str(item["unit"])
        series = data.series(code, "organisation", org_id)
        year = max(series) if series else data.latest_year
        row = series.get(year)
        own = shown_value(row, unit)
        local = shown_value(data.series(code, "municipality", oktmo).get(year), unit)
        # the «вероятный диапазон» exactly where the organisation's page publishes it (its summary, the same year);
        # the disclosure control refuses one beside a «к»
        interval = (interval_text(row.get("low"), row.get("high"), unit)
                    if row is not None and not own.suppressed and code in summary else "")
        measures.append({
            "code": code, "name": str(item["short_name"]), "unit": unit,
            "year": ty.school_year(year) if year is not None else "",
            "value": own.text, "municipal": local.text, "interval": "" if interval == ty.NO_DATA else interval,
            "indicator": site_search.page_address(urls.indicator(code)) if w.publishes("indicators") else "",
        })
    return {
        "id": org_id, "name": str(org["short_name"]), "kind": KIND_NAMES.get(str(org["kind"]), str(org["kind"])),
        "municipality": str(municipality["name"]) if municipality else oktmo,
        "url": site_search.page_address(urls.organisation(org_id)) if w.publishes("organisations") else "",
        "measures": measures,
    }


def write(w: PageWriter) -> None:
    """The comparison page and one JSON file per organisation."""
    organisations = records(w.data.organisations)
    if not organisations:
        return
    for org in organisations:
        w.docs.write_text(data_path(str(org["org_id"])),
                          json.dumps(organisation_record(w, org), ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                          f"данные сравнения организации {org['org_id']}")
    catalogues = [(TITLES[kind][0], w.href(COMPARE_PAGE, urls.CATALOGUE_BY_KIND[kind]))
                  for kind in ("school", "kindergarten", "additional") if not w.data.kind_organisations(kind).empty]
    config = {"data": w.href(COMPARE_PAGE, "compare/index.md"), "root": w.href(COMPARE_PAGE, urls.HOME), "most": MOST,
              "catalogues": catalogues}
    w.page(COMPARE_PAGE, "compare.md.j2", title="Сравнение организаций", config=json.dumps(config, ensure_ascii=False),
           catalogues=catalogues, most=MOST, wide=True)
