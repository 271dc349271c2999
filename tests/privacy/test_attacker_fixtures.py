"""The attacker on tiny hand-made sites, one per leak mechanism: it must find the hidden value exactly while the
leak is there, and find nothing once one more cell is hidden.

Each fixture writes a consistent publication in the site's layout (``data/<name>/<name>.csv``): source rows with
their true values, blanked where hidden; indicator values computed from the true rows the way the catalogue's
formulas say, blanked where suppressed. The attacker gets only those files.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from privacy.attacker import SOURCES, AttackReport, attack, parse_formula

#: the catalogue rows the fixtures use (columns the attacker reads)
CATALOGUE = [
    ("1.01", "процент", "share", "computed", "vpr[grade=4]:mark3+mark4+mark5/participants"),
    ("1.07", "балл", "mean", "computed", "ege[subject=rus]:mean_score*participants/participants"),
    ("1.08", "балл", "mean", "computed", "ege[subject=math]:mean_score*participants/participants"),
    ("1.10", "процент", "share", "computed", "ege[subject!=rus|math]:ge70/participants"),
    ("1.14", "процент", "share", "computed", "ege:below_min/participants"),
    ("1.15", "процент", "share", "computed", "oge:mark2/participants"),
    ("1.16", "процент", "share", "computed", "oge:mark3+mark4+mark5/participants"),
    ("1.17", "процент", "share", "computed", "oge:mark4+mark5/participants"),
    ("1.18", "балл", "mean", "computed", "oge:2*mark2+3*mark3+4*mark4+5*mark5/participants"),
    ("1.20", "процент", "share", "computed", "vpr:mark3+mark4+mark5/participants"),
    ("6.07", "человек", "sum", "reported", ""),
]
EXTRA = {"ege": ("mean_score",)}
VALUE_COLUMNS = ("indicator", "entity_type", "entity_id", "entity_name", "year", "unit", "numerator", "denominator",
                 "value", "previous", "change", "verdict", "trend", "municipal_value", "regional_value", "suppressed",
                 "suppression")


def _text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(round(value, 10))


class FixtureSite:
    """A tiny published site: organisations, source rows (true values + which columns are hidden), indicators."""

    def __init__(self) -> None:
        self.orgs: dict[str, str] = {}
        self.rows: dict[str, list[tuple[dict[str, float | str], tuple[str, ...]]]] = defaultdict(list)
        self.values: list[tuple[str, str, str, str, bool]] = []
        self.reported: list[tuple[str, str, str, float, bool]] = []

    def org(self, *org_ids: str, oktmo: str = "100") -> None:
        for org_id in org_ids:
            self.orgs[org_id] = oktmo

    def row(self, table: str, hide: tuple[str, ...] = (), **values: float | str) -> None:
        """A source row with its true values; ``hide`` lists the columns published empty."""
        self.rows[table].append((values, hide))

    def indicator(self, code: str, entity_id: str, year: str = "2024", *, entity_type: str = "organisation",
                  hidden: bool = False) -> None:
        self.values.append((code, entity_type, entity_id, year, hidden))

    def report(self, code: str, org_id: str, value: float, year: str = "2024", *, hidden: bool = False) -> None:
        self.reported.append((code, org_id, year, value, hidden))

    # writing

    def _computed(self, code: str, entity_type: str, entity_id: str, year: str) -> tuple[float, float | None]:
        formula = parse_formula(next(row[4] for row in CATALOGUE if row[0] == code))
        assert formula is not None
        members = [entity_id] if entity_type == "organisation" else [o for o, m in self.orgs.items() if m == entity_id]
        sums = [0.0, 0.0]
        for values, _hide in self.rows[formula.dataset]:
            row = {name: str(value) for name, value in values.items()}
            if values["org_id"] not in members or str(values["year"]) != year or not formula.matches(row):
                continue
            for index, terms in enumerate((formula.numerator, formula.denominator or ())):
                for term in terms:
                    product = term.coefficient
                    for column in term.columns:
                        product *= float(values[column])
                    sums[index] += product
        return sums[0], sums[1] if formula.denominator is not None else None

    def write(self, root: Path, versions: dict[str, FixtureSite] | None = None) -> Path:
        """Write the site under ``root`` (and each of ``versions`` under ``data/versions/<name>/``)."""
        data = root / "data"
        for name, rows in self.tables().items():
            _write(data / name / f"{name}.csv", rows)
        for version, site in (versions or {}).items():
            for name, rows in site.tables().items():
                _write(data / "versions" / version / f"{name}.csv", rows)
        return root

    def tables(self) -> dict[str, list[dict[str, str]]]:
        tables: dict[str, list[dict[str, str]]] = {
            "indicators": [{"code": code, "unit": unit, "aggregation": aggregation, "level": "organisation",
                            "method": method, "formula": formula, "denominator": "", "population": "pupils"}
                           for code, unit, aggregation, method, formula in CATALOGUE],
            "organisations": [{"org_id": org, "oktmo": oktmo} for org, oktmo in self.orgs.items()],
            "municipalities": [{"oktmo": oktmo, "region": "Область", "region_code": "99"}
                               for oktmo in sorted(set(self.orgs.values()))],
        }
        for table, rows in self.rows.items():
            spec = SOURCES[table]
            columns = [*spec.keys[:3], *spec.keys[3:], *spec.counts, *EXTRA.get(table, ())]
            published = []
            for values, hide in rows:
                line = {column: "" if column in hide else _text(values[column]) if isinstance(values[column], float | int)
                        else str(values[column]) for column in columns}
                line["suppressed"] = "true" if hide else "false"
                published.append(line)
            tables[table] = published
        units = {row[0]: (row[1], row[2]) for row in CATALOGUE}
        lines = []
        for code, entity_type, entity_id, year, hidden in self.values:
            numerator, denominator = self._computed(code, entity_type, entity_id, year)
            scale = 100.0 if units[code][0] == "процент" else 1.0
            value = numerator if denominator is None else scale * numerator / denominator
            lines.append(self._value_line(code, entity_type, entity_id, year, numerator, denominator, value, hidden))
        organisation_values = []
        for code, org, year, value, hidden in self.reported:
            lines.append(self._value_line(code, "organisation", org, year, value, None, value, hidden))
            organisation_values.append({"indicator": code, "org_id": org, "year": year,
                                        "numerator": "" if hidden else _text(value), "denominator": "",
                                        "value": "" if hidden else _text(value), "comment": "",
                                        "suppressed": "true" if hidden else "false"})
        tables["indicator-values"] = lines
        if organisation_values:
            tables["organisation-values"] = organisation_values
        return tables

    @staticmethod
    def _value_line(code: str, entity_type: str, entity_id: str, year: str, numerator: float,
                    denominator: float | None, value: float, hidden: bool) -> dict[str, str]:
        unit = next(row[1] for row in CATALOGUE if row[0] == code)
        line = dict.fromkeys(VALUE_COLUMNS, "")
        line.update({"indicator": code, "entity_type": entity_type, "entity_id": entity_id, "year": year, "unit": unit,
                     "suppressed": "true" if hidden else "false", "suppression": "primary" if hidden else ""})
        if not hidden:
            line.update({"numerator": _text(numerator), "denominator": _text(denominator),
                         "value": _text(round(value, 4))})
        return line


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = list(dict.fromkeys(column for row in rows for column in row))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


PARTICIPANTS_GROUP = ("participants", "mean_score", "below_min", "ge70", "ge80", "ge90", "score100")
MEDALISTS_GROUP = ("medalists", "medalists_not_confirmed")
VPR_COUNTS = ("participants", "mark2", "mark3", "mark4", "mark5", "lowered", "confirmed", "raised")
OGE_COUNTS = ("participants", "mark2", "mark3", "mark4", "mark5")


def ege(site: FixtureSite, org: str, subject: str, participants: int, mean: float, below: int, ge70: int, ge80: int,
        ge90: int, medalists: int = 0, not_confirmed: int = 0, hide: tuple[str, ...] = (), year: str = "2024") -> None:
    site.row("ege", hide, org_id=org, year=year, subject=subject, participants=participants, mean_score=mean,
             below_min=below, ge70=ge70, ge80=ge80, ge90=ge90, score100=0, medalists=medalists,
             medalists_not_confirmed=not_confirmed)


def vpr(site: FixtureSite, org: str, grade: int, subject: str, marks: tuple[int, int, int, int],
        hide: bool = False) -> None:
    participants = sum(marks)
    site.row("vpr", VPR_COUNTS if hide else (), org_id=org, year="2024", grade=grade, subject=subject,
             participants=participants, mark2=marks[0], mark3=marks[1], mark4=marks[2], mark5=marks[3],
             lowered=marks[0], confirmed=participants - marks[0], raised=0)


def oge(site: FixtureSite, org: str, subject: str, marks: tuple[int, int, int, int], hide: bool = False) -> None:
    site.row("oge", OGE_COUNTS if hide else (), org_id=org, year="2024", subject=subject, participants=sum(marks),
             mark2=marks[0], mark3=marks[1], mark4=marks[2], mark5=marks[3])


def run(site: FixtureSite, tmp_path: Path, name: str, **versions: FixtureSite) -> AttackReport:
    return attack(site.write(tmp_path / name, versions), threshold=5)


def assert_exact(report: AttackReport, dataset: str, column: str, value: float, mechanism: str, **key: str) -> None:
    cell = report.find(dataset, column, **key)
    assert cell is not None, f"{dataset} {key} {column} is not audited"
    assert cell.exact and abs(cell.lo - value) < 1e-6, cell.describe()
    assert mechanism in cell.mechanisms, (cell.describe(), cell.mechanisms, cell.proof)


def assert_safe(report: AttackReport, dataset: str, column: str, **key: str) -> None:
    cell = report.find(dataset, column, **key)
    assert cell is not None, f"{dataset} {key} {column} is not audited"
    assert not cell.narrowed, cell.describe()
    assert report.narrowed == [], [item.describe() for item in report.narrowed]
    assert not report.infeasible and not report.conflicts and not report.dropped


# --- overlapping indicators -------------------------------------------------------------------------------------

def overlap_site(hide_total: bool) -> FixtureSite:
    """ЕГЭ maths (3 pupils) and two electives hidden; 1.14 counts all subjects, 1.10 the electives, 1.07 Russian:
    maths = den(1.14) − den(1.10) − den(1.07)."""
    site = FixtureSite()
    site.org("sch-a")
    ege(site, "sch-a", "rus", 20, 70.0, 0, 10, 5, 2)
    ege(site, "sch-a", "math", 3, 60.0, 0, 1, 0, 0, hide=PARTICIPANTS_GROUP)
    ege(site, "sch-a", "bio", 12, 55.0, 3, 3, 1, 0, hide=PARTICIPANTS_GROUP)
    ege(site, "sch-a", "phys", 9, 58.0, 2, 2, 1, 0, hide=PARTICIPANTS_GROUP)
    site.indicator("1.07", "sch-a")
    site.indicator("1.08", "sch-a", hidden=True)
    site.indicator("1.10", "sch-a")
    site.indicator("1.14", "sch-a", hidden=hide_total)
    return site


def test_overlapping_indicators(tmp_path: Path) -> None:
    before = run(overlap_site(hide_total=False), tmp_path, "before")
    assert_exact(before, "ege", "participants", 3, "overlap", org_id="sch-a", subject="math")
    after = run(overlap_site(hide_total=True), tmp_path, "after")
    assert_safe(after, "ege", "participants", org_id="sch-a", subject="math")


# --- territory total minus the published organisations ----------------------------------------------------------

def territory_site(hide_second: bool) -> FixtureSite:
    """Maths of sch-a (3 pupils) hidden; the municipality's 1.08 minus the other two schools gives it back."""
    site = FixtureSite()
    site.org("sch-a", "sch-b", "sch-c")
    ege(site, "sch-a", "math", 3, 60.0, 0, 1, 0, 0, hide=PARTICIPANTS_GROUP)
    ege(site, "sch-b", "math", 25, 65.0, 1, 8, 4, 1, hide=PARTICIPANTS_GROUP if hide_second else ())
    ege(site, "sch-c", "math", 30, 62.0, 2, 9, 3, 1)
    site.indicator("1.08", "sch-a", hidden=True)
    site.indicator("1.08", "sch-b", hidden=hide_second)
    site.indicator("1.08", "sch-c")
    site.indicator("1.08", "100", entity_type="municipality")
    return site


def test_territory_total(tmp_path: Path) -> None:
    before = run(territory_site(hide_second=False), tmp_path, "before")
    assert_exact(before, "ege", "participants", 3, "territory", org_id="sch-a", subject="math")
    after = run(territory_site(hide_second=True), tmp_path, "after")
    assert_safe(after, "ege", "participants", org_id="sch-a", subject="math")


# --- identity across datasets -----------------------------------------------------------------------------------

def identity_site(hide_graduation: bool) -> FixtureSite:
    """ЕГЭ (Russian) medalists = graduation medalists of grade 11, as eight fully published schools show."""
    site = FixtureSite()
    for number, medalists in enumerate([12, 15, 20, 25, 30, 18, 22, 9]):
        org = f"sch-{number}"
        site.org(org)
        participants = 40 + 3 * number
        ege(site, org, "rus", participants, 72.0, 0, medalists + 6, medalists + 2, 3, medalists, 1)
        site.row("graduation", org_id=org, year="2024", grade=11, graduates=participants + 7,
                 admitted=participants + 6, certified=participants + 5, with_honours=medalists + 1,
                 medalists=medalists)
    site.org("sch-x")
    ege(site, "sch-x", "rus", 50, 70.0, 0, 20, 10, 2, 3, 1, hide=MEDALISTS_GROUP)
    site.row("graduation", ("medalists",) if hide_graduation else (), org_id="sch-x", year="2024", grade=11,
             graduates=55, admitted=54, certified=54, with_honours=4, medalists=3)
    return site


def test_identity_across_datasets(tmp_path: Path) -> None:
    before = run(identity_site(hide_graduation=False), tmp_path, "before")
    assert "ege[rus].medalists = graduation[11].medalists" in before.identities
    assert_exact(before, "ege", "medalists", 3, "identity", org_id="sch-x", subject="rus")
    after = run(identity_site(hide_graduation=True), tmp_path, "after")
    assert_safe(after, "ege", "medalists", org_id="sch-x", subject="rus")


# --- a hidden row recovered through a grade total ---------------------------------------------------------------

def grade_site(hide_another: bool) -> FixtureSite:
    """ВПР: 1.20 over all grades − the shown rows − the grade-4 part (1.01) = the one hidden grade-5 row."""
    site = FixtureSite()
    site.org("sch-a")
    vpr(site, "sch-a", 4, "rus", (5, 15, 20, 10))
    vpr(site, "sch-a", 4, "math", (1, 1, 1, 0), hide=True)
    vpr(site, "sch-a", 4, "okr", (3, 2, 2, 2), hide=True)
    vpr(site, "sch-a", 5, "rus", (6, 20, 24, 10))
    vpr(site, "sch-a", 5, "math", (0, 1, 1, 0), hide=True)
    vpr(site, "sch-a", 5, "eng", (5, 5, 5, 5), hide=hide_another)
    site.indicator("1.01", "sch-a")
    site.indicator("1.20", "sch-a")
    return site


def test_grade_total(tmp_path: Path) -> None:
    before = run(grade_site(hide_another=False), tmp_path, "before")
    assert_exact(before, "vpr", "participants", 2, "grade_total", org_id="sch-a", grade="5", subject="math")
    assert not before.find("vpr", "participants", grade="4", subject="math").narrowed
    after = run(grade_site(hide_another=True), tmp_path, "after")
    assert_safe(after, "vpr", "participants", org_id="sch-a", grade="5", subject="math")


# --- a complete distribution from the mean equation -------------------------------------------------------------

def mean_site(hide_another: bool) -> FixtureSite:
    """ОГЭ: 1.15–1.17 give «2», «3» and «4»+«5» of the hidden row; the mean (1.18) splits «4» from «5»."""
    site = FixtureSite()
    site.org("sch-a")
    oge(site, "sch-a", "rus", (2, 10, 10, 8))
    oge(site, "sch-a", "math", (0, 1, 2, 1), hide=True)
    oge(site, "sch-a", "phys", (6, 8, 10, 10), hide=hide_another)
    for code in ("1.15", "1.16", "1.17", "1.18"):
        site.indicator(code, "sch-a")
    return site


def test_mean_distribution(tmp_path: Path) -> None:
    before = run(mean_site(hide_another=False), tmp_path, "before")
    for column, value in (("participants", 4), ("mark2", 0), ("mark3", 1), ("mark4", 2), ("mark5", 1)):
        assert_exact(before, "oge", column, value, "subtraction", org_id="sch-a", subject="math")
    for column in ("mark4", "mark5"):
        assert "mean" in before.find("oge", column, subject="math").mechanisms
    after = run(mean_site(hide_another=True), tmp_path, "after")
    for column in OGE_COUNTS:
        assert_safe(after, "oge", column, org_id="sch-a", subject="math")


# --- a count without denominator published below the threshold --------------------------------------------------

def count_site(hidden: bool) -> FixtureSite:
    site = FixtureSite()
    site.org("sch-a")
    site.report("6.07", "sch-a", 3, hidden=hidden)
    return site


def test_small_count(tmp_path: Path) -> None:
    before = run(count_site(hidden=False), tmp_path, "before")
    assert [(item.key, item.value) for item in before.small_counts] == [
        ((("indicator", "6.07"), ("entity_type", "organisation"), ("entity_id", "sch-a"), ("year", "2024")), 3)]
    after = run(count_site(hidden=True), tmp_path, "after")
    assert after.small_counts == []
    assert_safe(after, "indicator-values", "numerator", indicator="6.07", entity_id="sch-a")


# --- an archived version publishing what is hidden now ---------------------------------------------------------

def version_site(hidden: bool) -> FixtureSite:
    site = FixtureSite()
    site.org("sch-a")
    ege(site, "sch-a", "rus", 20, 70.0, 0, 10, 5, 2)
    ege(site, "sch-a", "math", 3, 60.0, 0, 1, 0, 0, hide=PARTICIPANTS_GROUP if hidden else ())
    return site


def test_archived_version(tmp_path: Path) -> None:
    before = run(version_site(hidden=True), tmp_path, "before", **{"2024-09-01-aaaa": version_site(hidden=False)})
    assert_exact(before, "ege", "participants", 3, "version", org_id="sch-a", subject="math")
    after = run(version_site(hidden=True), tmp_path, "after", **{"2024-09-01-aaaa": version_site(hidden=True)})
    assert_safe(after, "ege", "participants", org_id="sch-a", subject="math")
    assert attack(tmp_path / "before", versions=False).find("ege", "participants", subject="math").hi == float("inf")
