"""The story as one self-contained HTML file: inline CSS, charts as inline SVG, no script and no external
reference — it opens offline on any laptop and prints one section per page."""

from __future__ import annotations

from html import escape

from otmodel.presentation.bars import to_svg
from otmodel.presentation.story import Section, Story

STYLE = """
body { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; color: #000; background: #fff;
       margin: 0 auto; max-width: 1100px; padding: 0 24px; font-size: 20px; line-height: 1.45; }
header { border-bottom: 4px solid #000; padding: 24px 0 12px; }
header h1 { font-size: 40px; margin: 0; } header p { margin: 4px 0; font-size: 22px; }
section { padding: 28px 0; border-bottom: 2px solid #888; page-break-before: always; break-before: page; }
h2 { font-size: 34px; margin: 0 0 8px; } .lead { font-size: 26px; font-weight: 600; margin: 8px 0 20px; }
.figures { display: flex; flex-wrap: wrap; gap: 14px; margin: 12px 0 20px; }
.figure { border: 2px solid #000; border-radius: 8px; padding: 10px 16px; min-width: 180px; }
.figure .label { font-size: 18px; } .figure .value { font-size: 32px; font-weight: 700; }
.figure .note { font-size: 13px; max-width: 240px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 12px 0; font-size: 18px; }
th, td { border: 1px solid #000; padding: 6px 8px; text-align: right; overflow-wrap: anywhere; }
th:first-child, td:first-child { text-align: left; } thead th { background: #eee; }
ul { padding-left: 24px; } li { margin: 6px 0; }
blockquote { border-left: 6px solid #0072B2; margin: 16px 0; padding: 8px 16px; white-space: pre-wrap; }
.text { white-space: pre-wrap; border: 2px dashed #000; padding: 10px 16px; margin: 16px 0; }
dl dt { font-weight: 700; } dl dd { margin: 0 0 10px 0; }
@media print { body { max-width: none; } section { border: none; } }
"""


def _section(section: Section) -> str:
    parts = [f'<section id="{section.key}"><h2>{section.number}. {escape(section.title)}</h2>',
             f'<p class="lead">{escape(section.lead)}</p>']
    if section.figures:
        parts.append('<div class="figures">' + "".join(
            f'<div class="figure"><div class="label">{escape(f.label)}</div>'
            f'<div class="value">{escape(f.value)}</div>'
            + (f'<div class="note">{escape(f.note)}</div>' if f.note else "") + "</div>" for f in section.figures)
            + "</div>")
    for chart in section.charts:
        parts.append(f"<h3>{escape(chart.title)}</h3>{to_svg(chart)}")
    if section.table is not None:
        head = "".join(f"<th>{escape(cell)}</th>" for cell in section.table.header)
        body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
                       for row in section.table.rows)
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    if section.quote:
        parts.append(f"<h3>La décision</h3><blockquote>{escape(section.quote)}</blockquote>")
    if section.points:
        parts.append("<ul>" + "".join(f"<li>{escape(p)}</li>" for p in section.points) + "</ul>")
    if section.text:
        parts.append(f'<div class="text">{escape(section.text)}</div>')
    parts.append("</section>")
    return "".join(parts)


def render(story: Story) -> str:
    """The whole report as an HTML document (UTF-8)."""
    glossary = "".join(f"<dt>{escape(word)}</dt><dd>{escape(meaning)}</dd>" for word, meaning in story.glossary.items())
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(story.structure)} — présentation</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{escape(story.structure)}</h1><p>Les services aux partenaires : où en est-on, que "
        f"proposons-nous ?</p><p>Données {story.year} — document du {story.made_on:%d/%m/%Y}</p></header>"
        + "".join(_section(s) for s in story.sections)
        + f'<section id="glossaire"><h2>Quelques mots</h2><dl>{glossary}</dl></section></body></html>'
    )
