"""The link gate: in the built demo site every internal link and anchor resolves, every download exists, and no
page or style sheet makes the browser fetch anything from another host (text links to other sites are allowed).
The checker itself is first shown to catch each kind of fault on a small hand-made site."""

from __future__ import annotations

from pathlib import Path

from .helpers import report
from .linkcheck import check_site


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


PAGE = "<!doctype html><html lang=ru><head><title>t</title>{head}</head><body>{body}</body></html>"


def test_checker_finds_every_kind_of_fault(tmp_path):
    site = _write(tmp_path / "site", {
        "index.html": PAGE.format(
            head='<link rel="stylesheet" href="assets/site.css"><script src="https://cdn.example.com/x.js"></script>',
            body=(
                '<h2 id="top">Заголовок</h2>'
                '<a href="#top">ok</a> <a href="#nowhere">missing anchor</a>'
                '<a href="schools/">ok page</a> <a href="schools/#list">ok anchor</a> <a href="schools/#gone">bad anchor</a>'
                '<a href="missing/">missing page</a> <a href="data/ege.csv">ok download</a> <a href="data/oge.csv">missing download</a>'
                '<a href="https://school.example.org/">allowed text link</a> <a href="mailto:uo@example.org">mail</a>'
                '<img src="//images.example.com/logo.png" alt=""> <img src="assets/logo.svg" alt="">'
                '<a href="javascript:alert(1)">js</a> <a href="../../etc/passwd">outside</a>'
                '<div style="background: url(https://tracker.example.com/p.gif)"></div>'
            ),
        ),
        "schools/index.html": PAGE.format(head="", body='<table id="list"></table><a href="../">home</a>'),
        "data/ege.csv": "org_id\n",
        "assets/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "assets/site.css": "@import 'https://fonts.example.com/css';\nbody { background: url(logo.svg); }\n"
                           "@font-face { src: url('https://fonts.example.com/f.woff2'); }\n",
    })
    found = check_site(site)
    problems = "\n".join(found.problems)
    expected = [
        "cdn.example.com/x.js", "«nowhere»", "«gone»", "missing/index.html does not exist", "data/oge.csv does not exist",
        "images.example.com", "javascript:", "leads outside the site", "tracker.example.com",
        "fonts.example.com/css", "fonts.example.com/f.woff2",
    ]
    for fragment in expected:
        assert fragment in problems, f"{fragment} not reported:\n{problems}"
    assert len(found.problems) == len(expected), problems
    assert found.counts["downloads"] == 1
    assert found.counts["external text links"] == 2
    assert found.counts["anchors"] == 4


def test_demo_site_links_resolve_and_nothing_comes_from_another_host(demo_site):
    found = check_site(demo_site.site)
    report(f"links of the demo site: {found.summary()}")
    assert found.pages > 0
    assert found.counts["internal links"] > found.pages  # the checker really read the navigation
    assert found.counts["downloads"] > 0
    assert not found.problems, f"{len(found.problems)} problems:\n" + "\n".join(found.problems[:50])
