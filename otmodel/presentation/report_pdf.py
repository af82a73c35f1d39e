"""The story as a PDF: A4 landscape, the structure's name and the date on every page, page numbers, one page
per section (at least), and a table of the key figures of each scenario.

Written with fpdf2 — pure Python, installed by pip alone on Windows, macOS and Linux, no browser nor system
library at run time — with a bundled font (DejaVu Sans, fonts/) for French text; the charts are drawn with
fpdf2's own lines and rectangles from the same BarChart as the page and the HTML report.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from otmodel.charts import SAFE_COLORS
from otmodel.network import strips
from otmodel.network.compare import Standing
from otmodel.presentation.bars import SAFE_PATTERNS, BarChart
from otmodel.presentation.story import Section, Story

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
MARGIN = 14
INK = (0, 0, 0)


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


class _Report(FPDF):
    def __init__(self, story: Story) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.story = story
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, 20, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.set_title(f"{story.structure} — présentation")
        self.set_creator("otmodel")

    def header(self) -> None:
        self.set_font(FONT, "", 9)
        self.set_text_color(60, 60, 60)
        self.set_xy(MARGIN, 8)
        self.cell(self.epw / 2, 5, self.story.structure)
        self.cell(self.epw / 2, 5, f"Données {self.story.year} — {self.story.made_on:%d/%m/%Y}", align="R")
        self.set_draw_color(*INK)
        self.line(MARGIN, 14, self.w - MARGIN, 14)
        self.set_text_color(*INK)
        self.set_y(20)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 9)
        self.cell(0, 5, f"Page {self.page_no()} / {{nb}}", align="C")

    # --- building blocks ------------------------------------------------------------------------------

    def paragraph(self, text: str, size: float = 12, style: str = "", height: float | None = None) -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, height or size * 0.5, text, align="L")
        self.ln(1.5)

    def figures(self, section: Section) -> None:
        if not section.figures:
            return
        gap = 4
        width = (self.epw - gap * (len(section.figures) - 1)) / len(section.figures)
        top = self.get_y()
        for i, figure in enumerate(section.figures):
            x = MARGIN + i * (width + gap)
            self.set_line_width(0.5)
            self.rect(x, top, width, 20)
            self.set_xy(x + 2, top + 1.5)
            self.set_font(FONT, "", 9)
            self.multi_cell(width - 4, 4, figure.label, max_line_height=4)
            self.set_xy(x + 2, top + 10)
            self.set_font(FONT, "B", 16)
            self.cell(width - 4, 8, figure.value)
        self.set_line_width(0.2)
        self.set_xy(MARGIN, top + 24)

    def chart(self, chart: BarChart) -> None:
        row, label_width, text_room = 9.0, 80.0, 95.0
        needed = 10 + row * len(chart.bars) + (8 if chart.target is not None else 0)
        if self.get_y() + needed > self.h - 18:
            self.add_page()
        self.paragraph(chart.title, 12, "B")
        top = self.get_y() + (7 if chart.target is not None else 0)
        low, high = chart.span()
        plot = self.epw - label_width - text_room

        def x_of(value: float) -> float:
            return MARGIN + label_width + plot * (value - low) / (high - low)

        zero = x_of(0.0)
        # Labels start after the target line when a bar stops short of it: the line never crosses a figure.
        past_target = x_of(chart.target) if chart.target is not None else zero
        for i, bar in enumerate(chart.bars):
            y = top + i * row
            self.set_font(FONT, "", 10)
            self.set_xy(MARGIN, y + 1)
            self.multi_cell(label_width - 3, 3.6, bar.label, align="R", max_line_height=3.6)
            start, end = sorted((zero, x_of(bar.value)))
            width = max(end - start, 0.3)
            self.set_fill_color(*_rgb(SAFE_COLORS[bar.kind]))
            self.rect(start, y + 1, width, row - 2, style="DF")
            self._pattern(bar.kind, start, y + 1, width, row - 2)
            self.set_xy(max(end, past_target) + 2, y + 1.5)
            self.set_font(FONT, "B", 11)
            self.cell(text_room - 4, row - 3, bar.text)
        bottom = top + row * len(chart.bars)
        self.line(zero, top, zero, bottom)
        if chart.target is not None:
            x = x_of(chart.target)
            self.set_line_width(0.8)
            self.set_dash_pattern(dash=2.5, gap=1.5)
            self.line(x, top - 3, x, bottom + 1)
            self.set_dash_pattern()
            self.set_line_width(0.2)
            self.set_font(FONT, "B", 10)
            self.set_xy(x - 40, top - 7.5)
            self.cell(80, 4, chart.target_label, align="C")
        self.set_xy(MARGIN, bottom + 4)

    def strips(self, standings: tuple[Standing, ...]) -> None:
        """The office among its peers: one strip per indicator, its name above (otmodel.network.strips)."""
        height, text_room = 17.0, 85.0
        plot = self.epw - text_room

        def x_of(share: float) -> float:
            return MARGIN + 3 + (plot - 6) * share

        for row in strips.rows(standings):
            if self.get_y() + height > self.h - 18:
                self.add_page()
            top = self.get_y()
            y = top + 8
            self.set_xy(MARGIN, top)
            self.set_font(FONT, "", 11)
            self.cell(plot, 4, f"{row.label} ({row.direction})")
            self.set_draw_color(90, 90, 90)
            self.line(x_of(0), y, x_of(1), y)
            if row.q1 is not None and row.q3 is not None:
                self.set_fill_color(*_rgb(strips.BAND))
                self.rect(x_of(row.q1), y - 2.5, max(x_of(row.q3) - x_of(row.q1), 0.5), 5, style="DF")
            self.set_fill_color(*_rgb(strips.PEER))
            for peer in row.peers:
                self.circle(x_of(peer), y, 0.9, style="F")
            self.set_draw_color(*INK)
            if row.median is not None:
                self.set_line_width(0.8)
                self.line(x_of(row.median), y - 3.5, x_of(row.median), y + 3.5)
                self.set_line_width(0.2)
            if row.office is not None:
                self.set_fill_color(*_rgb(strips.OFFICE))
                self.circle(x_of(row.office), y, 2.2, style="DF")
            self.set_font(FONT, "", 8)
            self.set_xy(x_of(0), y + 3)
            self.cell(30, 3, row.low_text)
            self.set_xy(x_of(1) - 30, y + 3)
            self.cell(30, 3, row.high_text, align="R")
            self.set_font(FONT, "B", 11)
            self.set_xy(MARGIN + plot + 3, y - 2)
            self.cell(text_room - 3, 4, row.caption)
            self.set_xy(MARGIN, top + height)

    def _pattern(self, kind: str, x: float, y: float, width: float, height: float) -> None:
        """Hatches (missed) or dots (current situation): the bars stay apart once printed in grey."""
        if not SAFE_PATTERNS[kind]:
            return
        self.set_draw_color(255, 255, 255)
        self.set_fill_color(255, 255, 255)
        with self.rect_clip(x, y, width, height):
            if SAFE_PATTERNS[kind] == "hatches":
                self.set_line_width(0.35)
                step = 2.4
                offset = -height
                while offset < width:
                    self.line(x + offset, y + height, x + offset + height, y)
                    offset += step
            else:
                for cx in [x + 1 + 2 * k for k in range(int(width / 2) + 1)]:
                    for cy in [y + 1 + 2 * k for k in range(int(height / 2) + 1)]:
                        self.circle(cx, cy, 0.35, style="F")
        self.set_line_width(0.2)
        self.set_draw_color(*INK)

    def table_of(self, section: Section) -> None:
        table = section.table
        if table is None:
            return
        self.set_font(FONT, "", 10)
        first = 50.0
        others = (self.epw - first) / (len(table.header) - 1)
        with self.table(col_widths=(first, *[others] * (len(table.header) - 1)), text_align="RIGHT",
                        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
                        line_height=5, first_row_as_headings=True) as pdf_table:
            for cells in (table.header, *table.rows):
                row = pdf_table.row()
                for i, cell in enumerate(cells):
                    row.cell(cell, align="L" if i == 0 else "R")
        self.ln(3)

    def section(self, section: Section) -> None:
        self.add_page()
        self.paragraph(f"{section.number}. {section.title}", 22, "B", 11)
        self.paragraph(section.lead, 14, "B", 7)
        self.figures(section)
        self.table_of(section)
        for chart in section.charts:
            self.chart(chart)
        if section.strips:
            self.strips(section.strips)
        if section.quote:
            self.paragraph("La décision", 12, "B")
            self.paragraph(section.quote, 12)
        for point in section.points:
            self.paragraph(f"• {point}", 11)
        if section.text:
            self.ln(2)
            self.paragraph(section.text, 12)


def render(story: Story) -> bytes:
    """The whole report as the bytes of a PDF file."""
    pdf = _Report(story)
    pdf.add_page()
    pdf.set_y(60)
    pdf.paragraph(story.structure, 30, "B", 14)
    pdf.paragraph("Les services aux partenaires : où en est-on, que proposons-nous ?", 18, "", 9)
    pdf.paragraph(f"Données {story.year} — document du {story.made_on:%d/%m/%Y}", 14)
    pdf.ln(6)
    for section in story.sections:
        pdf.paragraph(f"{section.number}. {section.title}", 14)
    for section in story.sections:
        pdf.section(section)
    pdf.ln(4)
    pdf.paragraph("Quelques mots", 14, "B")
    for word, meaning in story.glossary.items():
        pdf.paragraph(f"{word} : {meaning}", 11)
    return bytes(pdf.output())
