"""The partners' guide as one self-contained HTML file: inline CSS, no script, no image, no external reference —
it opens offline and prints on A4 portrait. Every text is escaped: a name or a description stays text."""

from __future__ import annotations

from html import escape

from otmodel.presentation.guide import PRICES_NOTE, Chapter, Guide, Service

STYLE = """
@page { size: A4 portrait; margin: 16mm 15mm; }
body { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; color: #111; background: #fff;
       margin: 0 auto; max-width: 820px; padding: 0 24px; font-size: 17px; line-height: 1.45; }
header { border-bottom: 4px solid #0072B2; padding: 28px 0 14px; }
header h1 { font-size: 34px; margin: 0; } header .office { font-size: 22px; font-weight: 600; margin: 4px 0; }
.text { white-space: pre-wrap; margin: 16px 0; }
.note { color: #444; font-size: 15px; }
section { margin: 26px 0; }
h2 { font-size: 25px; margin: 0 0 4px; padding: 6px 12px; background: #e8f1f8; border-left: 6px solid #0072B2; }
.lead { margin: 6px 0 12px; color: #333; }
article { border-bottom: 1px solid #bbb; padding: 10px 0; break-inside: avoid; page-break-inside: avoid; }
article h3 { font-size: 19px; margin: 0; display: flex; justify-content: space-between; gap: 16px; }
article h3 .price { white-space: normal; text-align: right; font-weight: 700; }
article p { margin: 4px 0; white-space: pre-wrap; } .detail { font-size: 15px; color: #333; }
.contact { border: 2px solid #0072B2; border-radius: 6px; padding: 12px 16px; margin: 28px 0;
           break-inside: avoid; page-break-inside: avoid; }
.contact h2 { background: none; border: none; padding: 0; font-size: 21px; }
footer { font-size: 13px; color: #555; margin: 24px 0; }
@media print { body { max-width: none; padding: 0; } }
"""


def _service(service: Service) -> str:
    parts = [f'<article id="{escape(service.offer)}"><h3><span class="name">{escape(service.name)}</span>'
             f'<span class="price">{escape(service.price)}</span></h3>']
    if service.description:
        parts.append(f"<p>{escape(service.description)}</p>")
    for detail in (service.includes, service.for_whom):
        if detail:
            parts.append(f'<p class="detail">{escape(detail)}</p>')
    return "".join(parts) + "</article>"


def _chapter(chapter: Chapter) -> str:
    return (f'<section id="{chapter.sphere}"><h2>{escape(chapter.title)}</h2><p class="lead">{escape(chapter.lead)}'
            "</p>" + "".join(_service(s) for s in chapter.services) + "</section>")


def render(guide: Guide) -> str:
    """The whole guide as an HTML document (UTF-8)."""
    contact = (f'<div class="contact"><h2>Nous contacter</h2><p class="text">{escape(guide.contact)}</p></div>'
               if guide.contact else "")
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(guide.title)} — {escape(guide.office)}</title><style>{STYLE}</style></head><body>"
        f'<header><h1>{escape(guide.title)}</h1><p class="office">{escape(guide.office)}</p></header>'
        f'<p class="text">{escape(guide.introduction)}</p><p class="note">{escape(PRICES_NOTE)}</p>'
        + "".join(_chapter(c) for c in guide.chapters) + contact
        + f"<footer>{escape(guide.office)} — {escape(guide.title)} — document du {guide.made_on:%d/%m/%Y}</footer>"
        "</body></html>"
    )
