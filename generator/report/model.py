"""The report as data: parts, sections and blocks, built once and rendered to HTML, PDF and DOCX.

All three outputs read the same ``Report``, so they cannot disagree about a number or a sentence. Text is kept
as spans: plain strings and ``Figure`` — a number that the HTML links to its indicator page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    """A number as printed in the text, with the indicator it comes from (``None`` for derived counts)."""

    text: str
    indicator: str | None = None


Span = str | Figure


def plain(spans: tuple[Span, ...]) -> str:
    return "".join(span.text if isinstance(span, Figure) else span for span in spans)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph, or an item of a bulleted list when ``item`` is true."""

    spans: tuple[Span, ...]
    item: bool = False

    @property
    def text(self) -> str:
        return plain(self.spans)


@dataclass(frozen=True)
class Table:
    """A table with a caption; ``numeric`` marks right-aligned columns; a row whose ``group`` is set is a
    heading row spanning the whole width (e.g. a direction in Part II)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    numeric: tuple[bool, ...]
    note: str = ""
    #: relative column widths (for PDF and DOCX)
    widths: tuple[float, ...] = ()
    #: «Таблица N» — numbered through the report once it is assembled (0: not numbered yet)
    number: int = 0

    @property
    def label(self) -> str:
        return f"Таблица {self.number}. {self.caption}" if self.number else self.caption


@dataclass(frozen=True)
class Row:
    cells: tuple[tuple[Span, ...], ...] = ()
    group: str = ""


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Chart:
    """The data of a chart; ``generator.report.charts`` draws it (SVG for HTML and PDF, PNG for DOCX)."""

    id: str
    caption: str
    kind: str  # "line" | "bar"
    series: tuple[Series, ...]
    unit: str = ""
    #: the indicator pages the chart is drawn from (the HTML links them under the chart)
    indicators: tuple[str, ...] = ()
    #: «Рисунок N» — numbered through the report once it is assembled (0: not numbered yet)
    number: int = 0

    @property
    def label(self) -> str:
        return f"Рисунок {self.number}. {self.caption}" if self.number else self.caption


@dataclass(frozen=True)
class AnalystText:
    """The analyst's own Markdown for a section (``content/report/…``), inserted before the generated text."""

    markdown: str
    source: str


Block = Paragraph | Table | Chart | AnalystText


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: str
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def level(self) -> int:
        """1 for «2.», 2 for «2.1.», 3 for «2.2.1.»."""
        return self.number.count(".") + 1 if self.number else 1

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Part:
    id: str  # "part-1" | "part-2"; also the page slug
    number: str  # "I" | "II"
    title: str
    sections: tuple[Section, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"

    def untitled(self, section: Section) -> bool:
        """A section that repeats the part's own title (Part II's table) is printed without a heading."""
        return section.title == self.title

    def walk(self):
        for section in self.sections:
            if not self.untitled(section):
                yield from section.walk()


@dataclass(frozen=True)
class Signature:
    """The approval block of the title page: «УТВЕРЖДАЮ», position, name, date (blank lines when not given)."""

    position: str = ""
    name: str = ""
    date: str = ""


@dataclass(frozen=True)
class Imprint:
    """Who made the document and how it is typeset: the place, the executor and contacts, the font and the
    creation date the document properties carry (from the settings or the report year, never «now»)."""

    place: str = ""
    executor: str = ""
    contacts: str = ""
    font: str = "Times New Roman"
    font_size: float = 14.0
    created: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Report:
    year: int
    title: str
    subtitle: str
    authority: str
    territory: str
    parts: tuple[Part, ...]
    #: notes printed under the title (demo data, suppression legend)
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: the values of Part II: (indicator code, year) → formatted value, as printed
    printed_values: dict[tuple[str, int], str] = field(default_factory=dict)
    signature: Signature = field(default_factory=Signature)
    imprint: Imprint = field(default_factory=Imprint)

    @property
    def file_stem(self) -> str:
        return f"report-{self.year}"
