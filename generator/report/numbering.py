"""Number the report's tables and figures through the whole document and refer to each in the text.

A reader of a signed report cites «таблица 3» and «рисунок 2»: every table and chart gets its number in
reading order (Part I, then Part II), and the paragraph before it — or a new one — says where to look, so no
table or figure stands in the text unreferenced. Done once on the model, so HTML, PDF and DOCX agree.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Block, Chart, Paragraph, Part, Section, Table


def reference(block: Table | Chart) -> str:
    """The sentence that sends the reader to a numbered table or figure."""
    if isinstance(block, Table):
        return f"Данные приведены в таблице {block.number}."
    if block.kind == "line":
        return f"Динамика показана на рисунке {block.number}."
    return f"Сравнение показано на рисунке {block.number}."


class _Counter:
    def __init__(self) -> None:
        self.tables = 0
        self.charts = 0

    def blocks(self, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, Table):
                self.tables += 1
                block = replace(block, number=self.tables)
            elif isinstance(block, Chart):
                self.charts += 1
                block = replace(block, number=self.charts)
            else:
                out.append(block)
                continue
            previous = out[-1] if out else None
            if isinstance(previous, Paragraph) and not previous.item:
                out[-1] = Paragraph((*previous.spans, " ", reference(block)))
            else:
                out.append(Paragraph((reference(block),)))
            out.append(block)
        return tuple(out)

    def section(self, section: Section) -> Section:
        blocks = self.blocks(section.blocks)
        return replace(section, blocks=blocks, children=tuple(self.section(child) for child in section.children))


def number_floats(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """The parts with every table and chart numbered in reading order and referred to in the text."""
    counter = _Counter()
    return tuple(replace(part, sections=tuple(counter.section(section) for section in part.sections)) for part in parts)
