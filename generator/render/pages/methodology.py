"""The methodology page: the analyst's hand-written text from ``content/methodology/index.md``, followed by
the description of the computations that the analytics engine gives (when it provides one) and the
parameters of this build from the configuration, so the page cannot drift from what was computed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ... import typography as ty
from ... import urls
from ...compute import methodology
from .. import methodology_text
from ..handwritten import read
from ..templating import md_escape

if TYPE_CHECKING:
    from ..writer import PageWriter

INTRO = urls.METHODOLOGY  # the hand-written part: content/ has the same layout as the site


def engine_sections(w: PageWriter) -> list[dict[str, Any]]:
    return [{"title": item.title, "body": methodology_text.as_headings(item)} for item in methodology.sections(w.config)]


def parameters(w: PageWriter) -> Markup:
    c = w.config
    items = [
        ("Минимальный размер группы", f"{ty.count_noun(c.privacy.min_group, ('участник', 'участника', 'участников'))}: значения по меньшим группам не публикуются (знак «{ty.SUPPRESSED}»), а также скрываются значения, по которым их можно было бы восстановить"),
        ("Порог изменения для долей", ty.fmt_pp(c.analytics.tolerance_pp).lstrip("+")),
        ("Порог изменения для прочих показателей", f"{ty.fmt_percent(c.analytics.tolerance_relative)} от значения прошлого года"),
        ("Тенденция", f"по наклону прямой по всем годам, не менее {ty.count_noun(c.analytics.trend_years, ('года', 'лет', 'лет'))}"),
        ("Малая группа", f"меньше {ty.count_noun(c.analytics.small_group, ('участника', 'участников', 'участников'))}: значение отмечено «*», сравнение — по трём годам вместе"),
    ]
    body = "".join(f"<dt>{md_escape(name)}</dt><dd>{md_escape(text)}</dd>" for name, text in items)
    return Markup(f'<dl class="msoko-profile">{body}</dl>')


def write(w: PageWriter) -> None:
    sections = engine_sections(w)
    sections.append({"title": "Параметры расчёта этого выпуска", "body": parameters(w)})
    w.page(urls.METHODOLOGY, "content_page.md.j2", title="Методика", menu="Методика", handwritten=read(w.ctx.project.content / INTRO),
           sections=sections)
