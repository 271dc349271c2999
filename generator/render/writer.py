"""What the page modules share: the docs tree, the templates, the charts to draw and the links between pages.

Each ``pages/*.py`` module receives one ``PageWriter`` and calls ``page()`` for every page it writes and
``chart()`` for every chart; charts are drawn together at the end (in parallel, with the cache).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import typography as ty
from .. import urls
from . import fragments
from .charts import Chart, figure, narrow_path
from .lookups import Lookups
from .templating import make_environment, md_escape, url_of

if TYPE_CHECKING:
    from ..context import BuildContext
    from .docs import DocsTree, NavEntry
    from .page_memo import MemoStats


class PageWriter:
    def __init__(self, ctx: BuildContext, docs: DocsTree) -> None:
        self.ctx = ctx
        self.config = ctx.config
        #: this section's writer into the shared tree: what it claims is the ``pages`` section's ``Claims``
        self.docs = docs.section("pages")
        self.env = make_environment()
        self.data = Lookups(ctx)
        self.charts: list[Chart] = []
        self.sections = set(ctx.config.publish.sections)
        #: organisation pages kept from the last build and rendered by this one (``page_memo``), once written
        self.organisation_pages: MemoStats | None = None

    def publishes(self, section: str) -> bool:
        return section in self.sections

    # --- pages and charts ---------------------------------------------------------------------------

    def page(self, path: str, template: str, *, title: str, origin: str = "", menu: str = "",
             submenu: tuple[NavEntry, ...] = (), **context: Any) -> None:
        """Render ``templates/<template>`` into the docs tree at ``path``; ``menu`` — the title of the site menu's
        item for this page (a section's own page), ``submenu`` — the pages listed under it."""
        text = self.env.get_template(template).render(
            title=title, page=path, site=self.config.site, link=lambda to: self.link(path, to),
            href=lambda to: self.href(path, to), **context,
        )
        text, blocks = fragments.split(text)
        self.docs.write_text(path, text, origin or f"страница «{title}»")
        if blocks:
            self.docs.write_text(path + fragments.SUFFIX, fragments.dump(blocks), f"таблицы страницы «{title}»")
        if menu:
            self.docs.menu(menu, path, submenu)

    def chart(self, chart: Chart, page: str) -> Markup:
        """Register a chart for drawing and return the figure that shows it on ``page``; its words (title,
        description, labels with names from the data) keep «№» with its number, as the pages do."""
        chart = dataclasses.replace(chart, title=ty.numero(chart.title), description=ty.numero(chart.description),
                                    labels=[ty.numero(str(label)) for label in chart.labels])
        self.charts.append(chart)
        return figure(chart, urls.link(page, chart.path), urls.link(page, narrow_path(chart.path)))

    # --- links --------------------------------------------------------------------------------------

    def link(self, page: str, to: str) -> str:
        """A relative Markdown link target (MkDocs checks and rewrites it)."""
        return urls.link(page, to)

    def href(self, page: str, to: str) -> str:
        """A relative link for raw HTML (tables, cards): the directory URL the browser needs."""
        return url_of(urls.link(page, to))

    def a(self, page: str, to: str, text: Any) -> Markup:
        return Markup(f'<a href="{md_escape(self.href(page, to))}">{md_escape(text)}</a>')

    def org_a(self, page: str, org_id: str) -> Markup | str:
        """A link to an organisation's page (or its name only, when organisations are not published)."""
        name = self.data.org_name(org_id)
        if not self.publishes("organisations") or org_id not in self.data.org_by_id:
            return name
        return self.a(page, urls.organisation(org_id), name)

    def indicator_a(self, page: str, code: str, text: str | None = None) -> Markup | str:
        row = self.data.indicator_by_code.get(code)
        label = text if text is not None else (str(row["name"]) if row else code)
        if not self.publishes("indicators") or row is None:
            return label
        return self.a(page, urls.indicator(code), label)
