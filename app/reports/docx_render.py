"""Word output: a report context poured into a docxtpl template.

Jinja runs with ``autoescape=True`` (a customer called ``R&D <Ops>`` stays text) and
``StrictUndefined`` (a template that names something the context lacks fails with the
name, rather than printing nothing). A :class:`ChartSpec` in the context renders as
the chart's picture, so templates write ``{{ m.charts.radar }}`` and nothing else.

After rendering, the table of contents gets real entries (Word rebuilds it with
page numbers on opening; LibreOffice and the PDF show these) and caption numbers are
filled in document order.
"""

from __future__ import annotations

import html
import io
import time
import zipfile
from collections.abc import Mapping
from datetime import UTC
from pathlib import Path
from typing import Any, BinaryIO

import jinja2
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from app.errors import UserError
from app.reports.context import ChartSpec, ReportContext
from app.reports.deliverables import words as control_words
from app.reports.template_builder import normalise_parts

IMAGE_WIDTH_MM = 160
# A page holds 251 mm of text height; a chart taller than this would not fit beside its heading,
# its lead-in sentence and its caption, and would leave them alone on the page before it.
IMAGE_HEIGHT_MM = 210


class TemplateProblem(UserError):
    """A template that cannot be read or rendered; the message names the file and the fault."""


def jinja_environment(finalize=None) -> jinja2.Environment:
    """The environment every template renders in (the tests check templates against it too)."""
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=finalize)


def open_template(source: bytes, name: str) -> DocxTemplate:
    try:
        tpl = DocxTemplate(io.BytesIO(source))
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TemplateProblem(f"template {name} is not a readable Word file ({exc.__class__.__name__})") from None
    return tpl


def picture(tpl: DocxTemplate, png: bytes) -> InlineImage:
    """The chart at the report's width, or narrower when that would make it taller than a page allows."""
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    if png[:8] == b"\x89PNG\r\n\x1a\n" and width and height * IMAGE_WIDTH_MM / width > IMAGE_HEIGHT_MM:
        return InlineImage(tpl, io.BytesIO(png), height=Mm(IMAGE_HEIGHT_MM))
    return InlineImage(tpl, io.BytesIO(png), width=Mm(IMAGE_WIDTH_MM))


def render_docx(context: ReportContext, template: bytes, template_name: str, images: Mapping[str, bytes],
                out: BinaryIO | Path) -> float:
    """Render and write; returns the seconds spent writing the file (the rest is rendering)."""
    tpl = open_template(template, template_name)

    def finalize(value: Any) -> Any:
        if isinstance(value, ChartSpec):
            data = images.get(value.id)
            if data is None:
                return ""
            return picture(tpl, data)
        return "" if value is None else value

    env = jinja_environment(finalize)
    try:
        tpl.render(context.as_template_dict(), jinja_env=env, autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"template {template_name} uses something the report does not provide: "
                              f"{exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"template {template_name} has a broken tag near line {exc.lineno}: "
                              f"{exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateProblem(f"template {template_name} cannot be rendered: {exc}") from None
    document = tpl.docx
    _unescape_properties(document)
    _document_control(document, context)
    _branding(document, context)
    _fill_toc(document)
    _number_captions(document)
    _keep_lead_ins_with_what_follows(document)
    _no_trailing_blank_page(document)
    normalise_parts(document)  # docxtpl's cellbg puts w:shd where Word does not accept it
    started = time.perf_counter()
    tpl.save(out)
    return time.perf_counter() - started


# --- post-processing ----------------------------------------------------------------------------------


def _no_trailing_blank_page(document) -> None:
    """Empty paragraphs at the very end of the body go.

    A report ending with a table that fills its page got a blank last page: the template's
    closing loop tags leave an empty paragraph after the table, and it moved to a page of
    its own (a 1 pt hidden paragraph, Word's usual cure, does not stop LibreOffice). A body
    may end with a table: Word and LibreOffice open it as it is.
    """
    from docx.oxml.ns import qn

    body = document.element.body
    blocks = [el for el in body if el.tag in (qn("w:p"), qn("w:tbl"))]

    def empty(el) -> bool:
        return (el.tag == qn("w:p") and not "".join(el.itertext()).strip()
                and not el.xpath(".//w:drawing|.//w:br|.//w:pict|.//w:sectPr|.//w:fldChar|.//w:bookmarkStart"))

    while len(blocks) >= 2 and empty(blocks[-1]):
        body.remove(blocks.pop())


def _keep_lead_ins_with_what_follows(document) -> None:
    """A paragraph that introduces a figure or a table stays on the page it introduces.

    Headings keep with the next paragraph by their style, but the sentence after a heading
    did not keep with the chart below it: a chart too tall for the rest of the page moved on
    and left the heading and its sentence alone on theirs. Keeping the lead-in with the
    figure (and the figure with its caption, by the Figure style) carries the heading along.
    Done here rather than in the template so that a consultancy's own template gets it too.
    """
    body = document.element.body
    blocks = [el for el in body if el.tag in (qn("w:p"), qn("w:tbl"))]
    for block, following in zip(blocks, blocks[1:], strict=False):
        if block.tag != qn("w:p") or not "".join(block.itertext()).strip() or block.xpath(".//w:drawing"):
            continue
        if _style_of(block) == "Caption":  # a figure's caption below it does not pull the next table along
            continue
        if following.tag == qn("w:tbl") or following.xpath(".//w:drawing") or _style_of(following) == "Caption":
            ppr = block.get_or_add_pPr()
            if ppr.find(qn("w:keepNext")) is None:
                ppr.insert_element_before(OxmlElement("w:keepNext"), *_AFTER_KEEP_NEXT)


# The elements that follow w:keepNext in a w:pPr (the schema's order).
_AFTER_KEEP_NEXT = tuple(f"w:{name}" for name in (
    "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd",
    "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
    "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange"))


def _style_of(element) -> str:
    style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") if element.tag == qn("w:p") else None
    return "" if style is None else str(style.get(qn("w:val")))


def _unescape_properties(document) -> None:
    """docxtpl renders File > Properties through the same autoescaping Jinja, but they are
    plain text, not XML: "R&D" must not arrive as "R&amp;D"."""
    props = document.core_properties
    for name in ("title", "subject", "author", "keywords", "comments", "category", "last_modified_by"):
        value = getattr(props, name, None)
        if isinstance(value, str) and "&" in value:
            setattr(props, name, html.unescape(value))


def _branding(document, context: ReportContext) -> None:
    """The consultancy's name and logo on the cover, from the settings (nothing without them)."""
    from app.reports.branding import Branding, brand_document

    branding = Branding(getattr(context.meta, "consultancy", ""), getattr(context.meta, "logo", b""))
    if branding:
        brand_document(document, branding)


def _document_control(document, context: ReportContext) -> None:
    """File > Properties carry the cover's document control: dates of this report, version, status, people."""
    from datetime import datetime

    props = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = now  # not the date Word's default template was made
    props.modified = now
    props.last_printed = now
    props.revision = 1
    control = context.meta.control
    if control is not None:
        props.author = control.author
        props.last_modified_by = control.author
        props.version = control.version
        props.content_status = control.status
        props.comments = f"{control.status} {control.version} · {control.date} · {control.reviewer}"
        if control.snapshot:
            props.identifier = control.snapshot
            props.comments = f"{props.comments} · {control.snapshot}"
            _cover_row(document, control_words(context.meta.lang)["snapshot"], control.snapshot)
    props.language = "zh-CN" if context.meta.lang == "zh" else "en-GB"
    props.title = context.meta.title
    props.subject = context.meta.customer
    props.keywords = getattr(context.meta, "maturity", "")


def _cover_row(document, label: str, value: str) -> None:
    """One more line in the cover's details table (the first table), styled like the row above it."""
    import copy

    tables = document.tables
    if not tables or not tables[0].rows:
        return
    last = tables[0].rows[-1]._tr
    row = copy.deepcopy(last)
    last.addnext(row)
    cells = row.findall(qn("w:tc"))
    for cell, text in zip(cells, (label, value), strict=False):
        runs = list(cell.iter(qn("w:r")))
        for extra in runs[1:]:
            extra.getparent().remove(extra)
        if runs:
            texts = list(runs[0].iter(qn("w:t")))
            for t in texts[1:]:
                t.getparent().remove(t)
            if texts:
                texts[0].text = text


def _text_of(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _style_of(p) -> str:
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else ""


def _numbered(p) -> bool:
    ppr = p.find(qn("w:pPr"))
    numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if numpr is None:
        return True
    numid = numpr.find(qn("w:numId"))
    return numid is None or numid.get(qn("w:val")) != "0"


def _fill_toc(document) -> None:
    body = document.element.body
    toc_para = None
    for p in body.iter(qn("w:p")):
        if any("TOC" in (i.text or "") for i in p.iter(qn("w:instrText"))):
            toc_para = p
            break
    if toc_para is None:
        return
    heading_levels = {"Heading1": 1, "Heading2": 2, "Heading3": 3}
    entries: list[tuple[int, str, str]] = []
    counters = [0, 0, 0]
    bookmark = 0
    for p in body.iter(qn("w:p")):
        level = heading_levels.get(_style_of(p))
        if level is None or level > 2:
            continue
        text = _text_of(p).strip()
        if not text:
            continue
        number = ""
        if _numbered(p):
            counters[level - 1] += 1
            for i in range(level, 3):
                counters[i] = 0
            number = ".".join(str(c) for c in counters[:level]) + "  "
        bookmark += 1
        name = f"_Toc{bookmark:08d}"
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(90000 + bookmark))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(90000 + bookmark))
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(end)
        entries.append((level, number + text, name))
    if not entries:
        return
    runs = toc_para.findall(qn("w:r"))
    # begin / instr / separate stay; the placeholder and the end move to the entries.
    separate_index = next(i for i, r in enumerate(runs)
                          if any(f.get(qn("w:fldCharType")) == "separate" for f in r.iter(qn("w:fldChar"))))
    tail = runs[separate_index + 1:]
    end_run = next(r for r in tail if any(f.get(qn("w:fldCharType")) == "end" for f in r.iter(qn("w:fldChar"))))
    for r in tail:
        toc_para.remove(r)
    paragraph = toc_para
    for i, (level, text, anchor) in enumerate(entries):
        if i > 0:
            new = OxmlElement("w:p")
            paragraph.addnext(new)
            paragraph = new
        _set_style(paragraph, f"TOC{level}")
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), anchor)
        link.set(qn("w:history"), "1")
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
        link.append(run)
        paragraph.append(link)
    paragraph.append(end_run)


def _set_style(p, style_id: str) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    style = ppr.find(qn("w:pStyle"))
    if style is None:
        style = OxmlElement("w:pStyle")
        ppr.insert(0, style)
    style.set(qn("w:val"), style_id)


def _number_captions(document) -> None:
    """Cached SEQ results in document order, so the numbers are right before Word updates them."""
    counters: dict[str, int] = {}
    pending: str | None = None
    awaiting_result = False
    for element in document.element.body.iter(qn("w:instrText"), qn("w:fldChar"), qn("w:t")):
        if element.tag == qn("w:instrText"):
            parts = (element.text or "").split()
            if len(parts) >= 2 and parts[0] == "SEQ":
                pending = parts[1]
        elif element.tag == qn("w:fldChar"):
            kind = element.get(qn("w:fldCharType"))
            if kind == "separate" and pending:
                awaiting_result = True
            elif kind == "end":
                pending, awaiting_result = None, False
        elif awaiting_result and pending:
            counters[pending] = counters.get(pending, 0) + 1
            element.text = str(counters[pending])
            awaiting_result = False
