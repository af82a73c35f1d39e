"""The partners' guide as a PDF: A4 portrait, print-ready — the office and the guide's title on every page, page
numbers, a service's block never cut by a page break.

Written with fpdf2 and the bundled DejaVu fonts, like the report (otmodel.presentation.report_pdf): pip alone,
offline, no browser. fpdf2 writes text as text: a name or a description is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from fpdf import FPDF

from otmodel.presentation.guide import PRICES_NOTE, Chapter, Guide, Service
from otmodel.presentation.report_pdf import FONT, FONTS

MARGIN = 18
BLUE = (0, 114, 178)  # the house blue (Okabe–Ito), as in the HTML guide
LIGHT = (232, 241, 248)
INK = (17, 17, 17)
GREY = (70, 70, 70)
PRICE_WIDTH = 70  # mm beside the name; a longer price goes on a line of its own


class _Guide(FPDF):
    def __init__(self, guide: Guide) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.guide = guide
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, 22, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_title(f"{guide.title} — {guide.office}")
        self.set_creator("otmodel")

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 9)
        self.set_text_color(*GREY)
        self.set_xy(MARGIN, 9)
        self.cell(self.epw * 0.6, 5, self.guide.office)
        self.cell(self.epw * 0.4, 5, self.guide.title, align="R")
        self.set_draw_color(*BLUE)
        self.line(MARGIN, 15, self.w - MARGIN, 15)
        self.set_text_color(*INK)
        self.set_y(22)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 9)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"Page {self.page_no()} / {{nb}}", align="C")
        self.set_text_color(*INK)

    def paragraph(self, text: str, size: float = 11, style: str = "", color: tuple[int, int, int] = INK,
                  after: float = 1.5) -> None:
        self.set_font(FONT, style, size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(after)

    def cover(self) -> None:
        self.set_fill_color(*BLUE)
        self.rect(0, 0, self.w, 8, style="F")
        self.set_y(30)
        self.paragraph(self.guide.title, 28, "B", BLUE, 3)
        self.paragraph(self.guide.office, 16, "B", INK, 8)
        self.paragraph(self.guide.introduction, 12, after=3)
        self.paragraph(PRICES_NOTE, 10, color=GREY, after=6)

    def together(self, draw: Callable[[FPDF], None]) -> None:
        """Draw a block on one page: measured first (fpdf2's offset rendering, undone), then drawn — after a page
        break when it would not fit below."""
        with self.offset_rendering() as trial:
            draw(trial)
        if trial.page_break_triggered:
            self.add_page()
        draw(self)

    def chapter(self, chapter: Chapter) -> None:
        """The heading stays with its first service: a heading never ends a page alone."""
        def heading_and_first(pdf: FPDF) -> None:
            _heading(pdf, chapter)
            _service_block(pdf, chapter.services[0])

        self.together(heading_and_first)
        for service in chapter.services[1:]:
            self.together(lambda pdf, service=service: _service_block(pdf, service))

    def contact(self) -> None:
        if self.guide.contact:
            self.together(lambda pdf: _contact(pdf, self.guide.contact))


def _heading(pdf: FPDF, chapter: Chapter) -> None:
    """The chapter's title on a light band with a blue edge, and its lead."""
    pdf.ln(3)
    pdf.set_fill_color(*LIGHT)
    pdf.set_draw_color(*BLUE)
    top = pdf.get_y()
    pdf.set_font(FONT, "B", 16)
    pdf.set_x(MARGIN + 3)
    pdf.multi_cell(pdf.epw - 3, 9, chapter.title, fill=True, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_line_width(1.5)
    pdf.line(MARGIN + 0.75, top, MARGIN + 0.75, pdf.get_y())
    pdf.set_line_width(0.2)
    pdf.ln(1.5)
    pdf.paragraph(chapter.lead, 10.5, color=GREY, after=2)


def _contact(pdf: FPDF, text: str) -> None:
    pdf.ln(6)
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.6)
    top = pdf.get_y()
    pdf.set_x(MARGIN + 4)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 10, "Nous contacter", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(MARGIN + 4)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(pdf.epw - 8, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.rect(MARGIN, top, pdf.epw, pdf.get_y() - top + 4)
    pdf.set_line_width(0.2)
    pdf.ln(6)


def _service_block(pdf: FPDF, service: Service) -> None:
    """The name in bold with its price on the right (below it when the price is long), the description, what a
    pack contains, the sectors it is for, and a rule under it."""
    pdf.set_font(FONT, "B", 12)
    price_width = pdf.get_string_width(service.price) + 2
    long_price = price_width > PRICE_WIDTH
    top = pdf.get_y()
    pdf.multi_cell(pdf.epw if long_price else pdf.epw - price_width - 6, 6, service.name, align="L",
                   new_x="LMARGIN", new_y="NEXT")
    below_name = pdf.get_y()
    pdf.set_text_color(*BLUE)
    if long_price:
        pdf.multi_cell(0, 6, service.price, align="L", new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.set_xy(pdf.w - MARGIN - price_width, top)
        pdf.cell(price_width, 6, service.price, align="R")
        pdf.set_y(below_name)
    pdf.set_text_color(*INK)
    if service.description:
        pdf.paragraph(service.description, 10.5, after=0.5)
    for detail in (service.includes, service.for_whom):
        if detail:
            pdf.paragraph(detail, 9.5, color=GREY, after=0.5)
    pdf.ln(1.5)
    pdf.set_draw_color(190, 190, 190)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.ln(2.5)


def render(guide: Guide) -> bytes:
    """The whole guide as the bytes of a PDF file."""
    pdf = _Guide(guide)
    pdf.add_page()
    pdf.cover()
    for chapter in guide.chapters:
        pdf.chapter(chapter)
    pdf.contact()
    pdf.ln(6)
    pdf.paragraph(f"Document du {guide.made_on:%d/%m/%Y}.", 9, color=GREY)
    return bytes(pdf.output())
