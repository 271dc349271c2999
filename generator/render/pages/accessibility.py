"""«Доступность сайта»: the accessibility statement a public body publishes — what the site is checked with,
what is known not to work well, and whom to write to. The contacts come from ``msoko.yml``; an authority may
put its own opening text in ``content/accessibility/index.md`` (the checks listed here are those every build
of the generator passes, so they are written by the generator, not by hand)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from ... import typography as ty
from ... import urls
from ..handwritten import read
from ..templating import md_escape

if TYPE_CHECKING:
    from ..writer import PageWriter

INTRO = urls.ACCESSIBILITY  # the optional hand-written opening: content/ has the same layout as the site

#: how the site is checked before it is published (tests/gates and tests/site of the generator)
CHECKS = (
    "Автоматическая проверка axe-core\u00a04 (правила WCAG 2.1 уровней A и AA и рекомендации) на страницах каждого "
    "вида — главной, каталогах, страницах школы, детского сада, показателя, рейтинга, доклада — в обычной версии "
    "и в версии для слабовидящих: ни одного серьёзного или критического нарушения.",
    "Проверка разметки валидатором HTML (Nu Html Checker консорциума W3C): ни одной ошибки.",
    "Ширина экрана телефона (375\u00a0пикселей) и компьютера (1\u00a0280\u00a0пикселей): страница не прокручивается вбок, широкие "
    "таблицы прокручиваются внутри своей рамки, которую можно выбрать клавишей Tab.",
    "Увеличение текста до 200\u00a0% без горизонтальной прокрутки страницы.",
    "Работа с клавиатуры: клавишей Tab достигается каждая видимая ссылка, выбранная ссылка видна по рамке.",
    "Каждая ссылка и каждое изображение на сайте ведут к существующим файлам; сайт не обращается к сторонним серверам.",
)

FEATURES = (
    "Кнопка «Версия для слабовидящих» в верхней части каждой страницы: крупный шрифт и высокий контраст; выбор "
    "сохраняется при переходе между страницами.",
    "У каждой диаграммы есть текстовое описание со значениями и таблица с теми же данными.",
    "Сокращения при первом упоминании на странице снабжены расшифровкой; все они собраны в словаре терминов.",
    "Все данные сайта можно скачать в открытых форматах (CSV, JSON), которые читаются программами экранного доступа "
    "и электронными таблицами.",
)

LIMITS = (
    "Диаграммы — изображения: их значения доступны в описании и в таблице под диаграммой, но сама диаграмма "
    "программой экранного доступа не читается по точкам.",
    "Сортировка и отбор строк в больших таблицах работают только при включённом JavaScript; без него таблица "
    "показывается целиком в исходном порядке.",
    "Файл доклада в формате PDF не размечен для программ экранного доступа (в нём нет тегов структуры); "
    "тот же доклад опубликован на сайте страницами HTML и файлом DOCX.",
    "Документы, которые управление образования прикладывает как файлы (сканы приказов, отчёты школ), "
    "автоматические проверки сайта не читают: их доступность обеспечивается при подготовке документа.",
    "Автоматические проверки находят не все трудности: проверка людьми с разными нарушениями здоровья "
    "не проводилась.",
)


def _items(items: tuple[str, ...]) -> Markup:
    return Markup("<ul>" + "".join(f"<li>{md_escape(ty.dash(item))}</li>" for item in items) + "</ul>")


def contact(w: PageWriter) -> Markup:
    site = w.config.site
    who = site.authority or "Орган управления образованием"
    ways = []
    if site.email:
        ways.append(f'по электронной почте <a href="mailto:{md_escape(site.email)}">{md_escape(site.email)}</a>')
    if site.phone:
        ways.append(f"по телефону {md_escape(site.phone)}")
    if site.address:
        ways.append(f"письмом по адресу: {md_escape(site.address)}")
    how = (" Напишите " + "; ".join(ways) + ".") if ways else ""
    return Markup(
        f"<p>Если страница сайта или файл недоступны для вас, сообщите, что именно не получилось и на какой "
        f"странице,{ty.NBSP}— {md_escape(who)} исправит страницу или пришлёт сведения в удобном для вас виде.{how}</p>")


def write(w: PageWriter) -> None:
    sections = [
        {"title": "Как проверяется сайт", "body": Markup(
            "<p>Перед каждой публикацией сайт проходит проверки:</p>") + _items(CHECKS)},
        {"title": "Что сделано для удобства", "body": _items(FEATURES)},
        {"title": "Известные ограничения", "body": _items(LIMITS)},
        {"title": "Обратная связь", "body": contact(w)},
    ]
    own = read(w.ctx.project.content / INTRO)
    w.page(urls.ACCESSIBILITY, "content_page.md.j2", title="Доступность сайта", handwritten=own or Markup(ty.dash(
        "# Доступность сайта\n\nСайт сделан так, чтобы им могли пользоваться люди с нарушениями зрения, слуха и "
        "движения — с телефона, с компьютера, с клавиатуры и с программой экранного доступа. Ниже — чем он "
        "проверяется, что известно о его ограничениях и куда писать, если что-то недоступно.")), sections=sections)
