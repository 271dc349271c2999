"""Service pages a public body needs: page titles «Страница — Сайт», the feedback link on every page, the sitemap
and canonical links only when ``site.url`` is known, and a 404 page that works when the site lives under a
sub-path (served here under /sub/ by a server that answers a missing address with the site's 404.html)."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_helpers import ROOT

from generator.project import Project
from generator.publish import SiteSettings, copyright_line, publish
from generator.render.docs import DocsTree

NAV = [{"Главная": "index.md"}, {"Школы": "schools/index.md"}]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def built(tmp_path: Path, url: str = "", email: str = "uo@example.org") -> Project:
    root = tmp_path / "project"
    root.mkdir()
    (root / "msoko.yml").write_text("site:\n  title: Проверка\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    project = Project(root)
    docs = DocsTree(project.work / "docs").section("pages")
    docs.write_text("index.md", '---\ntitle: "Сайт МСОКО"\n---\n# Сайт МСОКО\n\nТекст.\n')
    docs.write_text("schools/index.md", "---\ntitle: \"Школы\"\n---\n# Школы\n\nМБОУ «СОШ № 3».\n")
    docs.write_text("accessibility/index.md", "# Доступность сайта\n")
    docs.write_text("glossary/index.md", "# Словарь терминов\n")
    publish(project, project.work / "docs", SiteSettings("Сайт МСОКО", url, copyright_line("УО"), False, NAV, email=email))
    return project


def title(html: str) -> str:
    return re.search(r"<title>([^<]*)</title>", html).group(1)


def test_titles_name_the_page_then_the_site_and_the_home_page_once(tmp_path: Path) -> None:
    site = built(tmp_path).site
    assert title((site / "index.html").read_text(encoding="utf-8")) == "Сайт МСОКО"
    assert title((site / "schools" / "index.html").read_text(encoding="utf-8")) == "Школы — Сайт МСОКО"
    assert title((site / "404.html").read_text(encoding="utf-8")) == "Страница не найдена — Сайт МСОКО"


def test_every_page_has_the_feedback_link_and_the_service_pages(tmp_path: Path) -> None:
    site = built(tmp_path).site
    for page in ("index.html", "schools/index.html", "404.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert re.search(r'<a href="mailto:uo@example\.org\?subject=[^"]+">uo@example\.org</a>', html), page
        assert "Доступность сайта</a>" in html and "Словарь терминов</a>" in html
    subject = re.search(r'mailto:uo@example\.org\?subject=([^"]+)"', (site / "schools" / "index.html").read_text(encoding="utf-8"))
    assert "%D0%A8%D0%BA%D0%BE%D0%BB%D1%8B" in subject.group(1)  # «Школы»: the letter says which page


def test_no_feedback_link_without_an_email(tmp_path: Path) -> None:
    html = (built(tmp_path, email="").site / "index.html").read_text(encoding="utf-8")
    assert "mailto:" not in html and "Доступность сайта</a>" in html


def test_sitemap_and_canonical_links_with_a_site_url(tmp_path: Path) -> None:
    site = built(tmp_path, url="https://edu.example.ru/msoko").site
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert {"https://edu.example.ru/msoko/", "https://edu.example.ru/msoko/schools/"} <= set(listed)
    assert all(loc.startswith("https://edu.example.ru/msoko/") for loc in listed)
    assert (site / "sitemap.xml.gz").is_file()
    html = (site / "schools" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://edu.example.ru/msoko/schools/">' in html


def test_no_sitemap_and_no_canonical_links_without_a_site_url(tmp_path: Path) -> None:
    site = built(tmp_path).site
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    assert 'rel="canonical"' not in (site / "schools" / "index.html").read_text(encoding="utf-8")


# --- the 404 page under a sub-path, in the browser ------------------------------------------------------------

def _sub_path_server(root: Path, not_found: bytes) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        """Serves ``root`` (the site is its folder ``sub/``) and answers a missing file with the site's 404 page,
        as ``error_page 404 /sub/404.html`` does in nginx."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            if code != 404:
                super().send_error(code, message, explain)
                return
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(not_found)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(not_found)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def sub_path_site(tmp_path: Path) -> Iterator[str]:
    project = built(tmp_path, url="https://edu.example.ru/sub/")
    root = tmp_path / "www"
    shutil.copytree(project.site, root / "sub")
    handler = _sub_path_server(root, (root / "sub" / "404.html").read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_404_page_works_under_a_sub_path(sub_path_site: str) -> None:
    if shutil.which("chromium") is None and not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 375, "height": 800})
            failed: list[str] = []
            page.on("response", lambda response: failed.append(response.url) if response.status >= 400 and response.request.resource_type != "document" else None)
            page.on("requestfailed", lambda request: failed.append(request.url))
            response = page.goto(f"{sub_path_site}/sub/no/such/deep/page/", wait_until="networkidle")
            assert response is not None and response.status == 404
            assert page.locator("h1").inner_text() == "Страница не найдена"
            assert failed == [], failed  # the theme's styles and scripts come from /sub/assets/
            styled = page.evaluate("[...document.styleSheets].some(s => (s.href || '').endsWith('/sub/assets/msoko/msoko.css'))")
            assert styled
            if axe.is_file():
                page.add_script_tag(path=str(axe))
                violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => v.id + ' ' + v.impact + ' ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
                assert [v for v in violations if v.split(" ")[1] in ("serious", "critical")] == []
            page.get_by_role("link", name="Перейти на главную страницу").click()
            page.wait_for_load_state("load")
            assert page.url == f"{sub_path_site}/sub/"
            assert page.title() == "Сайт МСОКО"
        finally:
            browser.close()
