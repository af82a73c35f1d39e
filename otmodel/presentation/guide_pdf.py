"""The partners' guide as a PDF: A4 portrait, print-ready — the office and the guide's title on every page, page
numbers, a service's block never cut by a page break.

Written with fpdf2 and the bundled DejaVu fonts, like the report (otmodel.presentation.report_pdf): pip alone,
offline, no browser. fpdf2 writes text as text: a name or a description is never read as markup.
"""

from __future__ import annotations

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

    def room_for(self, height: float) -> None:
        """A page break first when a block of that height would not fit below: a block is never cut."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def chapter(self, chapter: Chapter) -> None:
        """The heading stays with its first service: a heading never ends a page alone."""
        self.room_for(_heading_height(self, chapter) + _service_height(self, chapter.services[0]))
        _heading(self, chapter)
        for service in chapter.services:
            self.room_for(_service_height(self, service))
            _service_block(self, service)

    def contact(self) -> None:
        if self.guide.contact:
            self.room_for(_contact_height(self, self.guide.contact))
            _contact(self, self.guide.contact)


# A block's height is measured before it is drawn (fpdf2's dry runs of multi_cell), so that it goes whole on the
# next page when it would not fit: measuring by drawing and undoing (offset_rendering) copied the whole document
# for each block — over 2 s for the demo's guide.

def _text_height(pdf: FPDF, text: str, size: float, style: str = "", width: float = 0, line: float = 0) -> float:
    pdf.set_font(FONT, style, size)
    return pdf.multi_cell(width or pdf.epw, line or size * 0.5, text, dry_run=True, output="HEIGHT")


def _heading_height(pdf: FPDF, chapter: Chapter) -> float:
    return (3 + _text_height(pdf, chapter.title, 16, "B", pdf.epw - 3, 9) + 1.5
            + _text_height(pdf, chapter.lead, 10.5) + 2)


def _price_width(pdf: FPDF, service: Service) -> float:
    """The width of the price beside the name; more than PRICE_WIDTH: the price goes on a line of its own."""
    pdf.set_font(FONT, "B", 12)
    return pdf.get_string_width(service.price) + 2


def _service_height(pdf: FPDF, service: Service) -> float:
    price_width = _price_width(pdf, service)
    long_price = price_width > PRICE_WIDTH
    height = _text_height(pdf, service.name, 12, "B", pdf.epw if long_price else pdf.epw - price_width - 6, 6)
    if long_price:
        height += _text_height(pdf, service.price, 12, "B", pdf.epw, 6)
    if service.description:
        height += _text_height(pdf, service.description, 10.5) + 0.5
    for detail in (service.includes, service.for_whom):
        if detail:
            height += _text_height(pdf, detail, 9.5) + 0.5
    return height + 4


def _contact_height(pdf: FPDF, text: str) -> float:
    return 6 + 10 + _text_height(pdf, text, 11, "", pdf.epw - 8, 5.5) + 10


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
    price_width = _price_width(pdf, service)
    long_price = price_width > PRICE_WIDTH
    pdf.set_font(FONT, "B", 12)
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
