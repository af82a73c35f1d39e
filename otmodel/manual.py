"""The users' manual (docs/*.md, in French) as the app's « Aide » page reads it: its documents in the order
docs/README.md links them (a new document is picked up by itself), cut into sections at their headings, each
with an anchor the page can scroll to; links between documents made links inside the page; and a search.

The manual is ours, not user text: it is shown as Markdown. Nothing in it may fetch anything: an image is shown
from its file beside the docs, never from an address; a link to a file outside the manual keeps its words only.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from otmodel import paths

INDEX = "README.md"  # the manual's home page, whose links give the documents' order
FOR_CONTRIBUTORS = ("architecture.md",)  # English notes on the code: not the users' manual
PAGES = "pages.md"  # one « ## Title » section per page of the app
SNIPPET = 90  # characters of context shown either side of a search match

_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
_CODE_OR_LINK = re.compile(r"(?P<code>(`+).+?\2)|(?P<image>!?)\[(?P<words>[^\]]*)\]\((?P<target>[^)\s]+)\)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


@dataclass(frozen=True)
class Block:
    """A piece of a section's body: Markdown, or an image shown from its file (`image` is then its path)."""

    markdown: str
    image: Path | None = None


@dataclass(frozen=True)
class Section:
    """A heading of a document and what follows it up to the next heading."""

    document: str  # its file, e.g. "methodes.md"
    level: int  # 1: the document's title, 2: « ## », 3: « ### »…
    title: str  # Markdown, as written
    anchor: str  # unique in the manual and plain ASCII: what a link's #fragment says, as the browser sends it
    blocks: tuple[Block, ...]
    text: str = field(repr=False)  # title and body as plain words, for the search


@dataclass(frozen=True)
class Hit:
    section: Section
    where: str  # « Document › Section »
    snippet: str  # plain text around the first match


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading (what the docs' links use): lower case, punctuation dropped, spaces to
    hyphens — accents kept."""
    return re.sub(r"[^\w\- ]", "", _CODE_SPAN.sub(r"\2", heading).strip().lower()).replace(" ", "-")


def fold(text: str) -> str:
    """Lower case without accents: « Écoute » and « ecoute » match."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def _ascii(text: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", fold(text)) or "section"


def documents(folder: Path) -> list[Path]:
    """The manual's files: the index, then every document in the order the index first links it, then the others
    by name (a new document is in the manual as soon as it is in docs/) — the contributors' notes left out."""
    index = folder / INDEX
    linked = re.findall(r"\]\(([\w-]+\.md)[#)]", index.read_text(encoding="utf-8")) if index.exists() else []
    names = [INDEX, *linked, *sorted(p.name for p in folder.glob("*.md"))]
    return [folder / name for name in dict.fromkeys(names) if name not in FOR_CONTRIBUTORS and (folder / name).exists()]


def _outside_code(markdown: str) -> list[tuple[bool, str]]:
    """The lines of a document, each with whether it is inside a fenced code block."""
    inside, lines = False, []
    for line in markdown.splitlines():
        fence = bool(_FENCE.match(line))
        lines.append((inside or fence, line))
        if fence:
            inside = not inside
    return lines


def _cut(markdown: str) -> list[tuple[int, str, list[str]]]:
    """(level, title, body lines) for each heading of a document; text before the first heading is dropped."""
    sections: list[tuple[int, str, list[str]]] = []
    for in_code, line in _outside_code(_COMMENT.sub("", markdown)):
        heading = None if in_code else _HEADING.match(line)
        if heading:
            sections.append((len(heading.group(1)), heading.group(2), []))
        elif sections:
            sections[-1][2].append(line)
    return sections


def _plain(markdown: str) -> str:
    """Words of a piece of Markdown, for the search and its snippets."""
    text = _LINK.sub(lambda m: m.group(2), markdown)
    text = re.sub(r"^(```|~~~).*$|^\s*\|?[-:| ]+\|?\s*$", " ", text, flags=re.M)  # fences, tables' rules
    text = re.sub(r"[`*|#>]+", " ", text)  # « _ » stays: it is in file and column names (prix_acceptables.csv)
    return re.sub(r"\s+", " ", text).strip()


class Manual:
    """Every section of the manual, with the anchors that links inside the page point to."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        cut = {path.name: _cut(path.read_text(encoding="utf-8")) for path in documents(folder)}
        self._anchors: dict[tuple[str, str], str] = {}  # (document, GitHub slug) → anchor in the page
        self._titles: dict[str, str] = {}  # document → the anchor of its title
        placed: dict[str, list[str]] = {}
        for document, headings in cut.items():
            seen: dict[str, int] = {}
            for _, title, _ in headings:
                github = slug(title)
                repeat = seen.get(github, 0)
                seen[github] = repeat + 1
                anchor = self._unique(_ascii(github), document)
                self._anchors[(document, f"{github}-{repeat}" if repeat else github)] = anchor
                self._titles.setdefault(document, anchor)
                placed.setdefault(document, []).append(anchor)
        self.sections = tuple(self._section(document, level, title, anchor, body)
                              for document, headings in cut.items()
                              for (level, title, body), anchor in zip(headings, placed[document], strict=True))

    def _unique(self, anchor: str, document: str) -> str:
        """The anchor, or, when an earlier document took it, the anchor after the document's name."""
        taken = set(self._anchors.values())
        candidate, number = anchor, 1
        while candidate in taken:
            number += 1
            candidate = f"{Path(document).stem}-{anchor}" + (f"-{number}" if number > 2 else "")
        return candidate

    def _section(self, document: str, level: int, title: str, anchor: str, body: list[str]) -> Section:
        words = _plain("\n".join(body))
        return Section(document, level, title, anchor, self._blocks(document, body), f"{_plain(title)} {words}".strip())

    def _blocks(self, document: str, body: list[str]) -> tuple[Block, ...]:
        """A section's body with its links made for the page, and each image on a line of its own apart."""
        blocks: list[Block] = []
        lines: list[str] = []

        def flush() -> None:
            if "".join(lines).strip():
                blocks.append(Block("\n".join(lines).strip("\n")))
            lines.clear()

        for in_code, line in _outside_code("\n".join(body)):
            image = None if in_code else re.fullmatch(r"\s*!\[([^\]]*)\]\(([^)\s]+)\)\s*", line)
            if image and not _EXTERNAL.match(image.group(2)) and (self.folder / image.group(2)).is_file():
                flush()
                blocks.append(Block(image.group(1), self.folder / image.group(2)))
            else:
                lines.append(line if in_code else _CODE_OR_LINK.sub(lambda m: self._link(document, m), line))
        flush()
        return tuple(blocks)

    def _link(self, document: str, match: re.Match) -> str:
        """A link made for the page: to another place of the manual, an anchor of the page; an address (https:,
        mailto:), kept; a file outside the manual, its words only. An image that is not a file of the docs
        keeps its description only: nothing is ever fetched. Code spans are left as written."""
        if match.group("code"):
            return match.group(0)
        words, target = match.group("words"), match.group("target")
        if match.group("image"):
            return words
        if _EXTERNAL.match(target):
            return match.group(0)
        document_name, _, heading = target.partition("#")
        anchor = self.anchor(document_name or document, heading)
        return f"[{words}](#{anchor})" if anchor else words

    def anchor(self, document: str, github_slug: str = "") -> str | None:
        """The page's anchor for a document (its title) or one of its headings; None outside the manual."""
        return self._anchors.get((document, github_slug)) if github_slug else self._titles.get(document)

    def page_anchor(self, title: str) -> str:
        """The anchor of a page's section in the pages' document (« ## Synthèse » → synthese)."""
        found = self._anchors.get((PAGES, slug(title)))
        if found is None:
            raise KeyError(f"docs/{PAGES} : aucune section « ## {title} »")
        return found

    def titles(self) -> dict[str, str]:
        """Each document's title, by file."""
        return {s.document: s.title for s in self.sections if s.level == 1}

    def search(self, query: str, limit: int = 30) -> list[Hit]:
        """Sections holding every word of the query (case and accents ignored), those whose title holds them first,
        then those that say them most."""
        words = fold(query).split()
        if not words:
            return []
        titles = self.titles()
        found = []
        for section in self.sections:
            text = fold(section.text)
            if all(word in text for word in words):
                in_title = sum(word in fold(section.title) for word in words)
                found.append((-in_title, -sum(text.count(word) for word in words), section))
        found.sort(key=lambda item: item[:2])
        return [Hit(s, _where(titles, s), _snippet(s.text, words[0])) for *_, s in found[:limit]]


def _where(titles: dict[str, str], section: Section) -> str:
    document = _plain(titles.get(section.document, section.document))
    return document if section.level == 1 else f"{document} › {_plain(section.title)}"


def _snippet(text: str, word: str) -> str:
    """The words around the first match of a folded word in the text."""
    folded, origin = [], []  # the text folded character by character, and where each folded character comes from
    for i, character in enumerate(text):
        for piece in fold(character):
            folded.append(piece)
            origin.append(i)
    at = "".join(folded).find(word)
    at = origin[at] if at >= 0 else 0
    start, end = max(at - SNIPPET, 0), min(at + len(word) + SNIPPET, len(text))
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


@functools.cache
def manual(folder: Path = paths.DOCS) -> Manual:
    """The manual of this copy of otmodel, read once per process (the docs do not change while it runs)."""
    return Manual(folder)
