"""«О проекте»: the analyst's text from ``content/about/index.md`` with the publisher, the contacts and the
licence from the configuration, and the demo notice when the data are demonstrational."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from ... import urls
from ..handwritten import read
from ..templating import md_escape

if TYPE_CHECKING:
    from ..writer import PageWriter

INTRO = urls.ABOUT  # the hand-written part: content/ has the same layout as the site


def write(w: PageWriter) -> None:
    site = w.config.site
    contacts = [("Публикатор", site.authority), ("ИНН", site.authority_inn), ("Адрес", site.address),
                ("Телефон", site.phone), ("Электронная почта", site.email)]
    body = "".join(f"<dt>{md_escape(name)}</dt><dd>{md_escape(value)}</dd>" for name, value in contacts if value)
    sections = []
    if body:
        sections.append({"title": "Контакты", "body": Markup(f'<dl class="msoko-profile">{body}</dl>')})
    sections.append({"title": "Лицензия", "body": Markup(
        "Материалы и данные сайта распространяются по лицензии "
        '<a href="https://creativecommons.org/licenses/by/4.0/deed.ru" rel="license">Creative Commons «С указанием авторства» 4.0</a> '
        "(CC BY 4.0): их можно свободно копировать, распространять и использовать в любых целях, в том числе "
        "коммерческих, без заключения договора, указав источник — "
        f"{md_escape(site.authority or 'орган управления образованием')}.")})
    if site.demo:
        sections.append({"title": "Демонстрационные данные", "body": Markup(
            "Все организации, показатели и результаты на этом сайте вымышлены и сгенерированы для демонстрации. "
            "Совпадения с реальными организациями случайны.")})
    w.page(urls.ABOUT, "content_page.md.j2", title="О проекте", menu="О проекте", handwritten=read(w.ctx.project.content / INTRO),
           sections=sections)
