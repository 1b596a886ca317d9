"""Writes the default Word templates: real Word structure with Jinja tags in it.

A consultancy edits the generated ``report_templates/<kind>.<lang>.docx`` in Word
(fonts, colours, logo, cover, wording); this module only produces the starting
point, and is also the fallback when a template file is missing. The styles are
Word's own (Title, Heading 1-3, Caption, TOC 1-3, List Bullet) so the navigation
pane, the table of contents and cross-references behave as Word users expect.

Tags follow docxtpl: ``{%p %}`` for paragraph-level blocks, ``{%tr %}`` for table
rows, ``{% cellbg %}`` for cell colour; every value is escaped (autoescape).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

NAVY = RGBColor(0x1F, 0x38, 0x64)
ACCENT = RGBColor(0xC5, 0x5A, 0x11)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "1F3864"
ZEBRA = 'loop.cycle("FFFFFF","F3F6FA")'

LATIN_FONT = "Arial"  # metric-compatible Liberation Sans stands in on Linux
COVER_LOGO = "omm-cover-logo"  # the docPr name of the cover's picture, which the settings' logo replaces
CJK_FONT = "Microsoft YaHei"  # LibreOffice falls back to any installed CJK font
HEADER_PT = 8.5  # table header rows: bold, this size
CELL_MARGINS_CM = 2 * 80 / 567  # left + right cell margin of every table (w:tblCellMar, twips)


@dataclass(frozen=True)
class Column:
    header: str
    value: str  # Jinja expression on the row variable, e.g. "r.name"
    width_cm: float
    align: str = "left"  # left | right | center
    colour: str | None = None  # Jinja expression for the cell fill, e.g. "r.colour"
    detail: str | None = None  # a second, smaller line under the value (e.g. a description)
    bold: bool = False


# --- low-level Word XML helpers -----------------------------------------------------------------------


def _set_fonts(rpr_parent, latin: str = LATIN_FONT, east_asia: str = CJK_FONT) -> None:
    rpr = rpr_parent.get_or_add_rPr() if hasattr(rpr_parent, "get_or_add_rPr") else rpr_parent
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if "Theme" in attr or "theme" in attr:
            del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _field(paragraph: Paragraph, instruction: str, cached: str = "", *, size: float | None = None,
           colour: RGBColor | None = None) -> None:
    """A Word field (PAGE, NUMPAGES, SEQ, TOC) with a cached result Word refreshes."""
    def run_with(element):
        run = paragraph.add_run()
        if size:
            run.font.size = Pt(size)
        if colour is not None:
            run.font.color.rgb = colour
        run._r.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    cached_run = paragraph.add_run(cached)
    if size:
        cached_run.font.size = Pt(size)
    if colour is not None:
        cached_run.font.color.rgb = colour
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _table_borders(table: Table, colour: str = "BFBFBF") -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), colour)
        borders.append(el)
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", 40), ("left", 80), ("bottom", 40), ("right", 80)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(width))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr.append(margins)


def _no_borders(table: Table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


def _fixed_layout(table: Table, widths: Sequence[float]) -> None:
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(int(sum(widths) * 567)))
    total.set(qn("w:type"), "dxa")
    existing = tblpr.find(qn("w:tblW"))
    if existing is not None:
        tblpr.remove(existing)
    tblpr.append(total)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width * 567)))


@lru_cache(maxsize=1)
def _bold_widths() -> dict[int, int]:
    """Advance widths (1/1000 em) of Helvetica Bold, whose metrics Arial and Liberation Sans share.

    Read from the AFM file matplotlib ships, so the template comes out the same on any machine
    whatever fonts it has installed.
    """
    import matplotlib

    afm = Path(matplotlib.get_data_path()) / "fonts" / "afm" / "phvb8a.afm"
    widths: dict[int, int] = {}
    for line in afm.read_text(encoding="latin-1").splitlines():
        if line.startswith("C "):
            fields = dict(part.strip().split(" ", 1) for part in line.split(";") if part.strip())
            code = int(fields["C"])
            if code >= 0:
                widths[code] = int(fields["WX"])
    return widths


def header_word_cm(text: str, size_pt: float = HEADER_PT) -> float:
    """Width of the longest word of a bold header (a run of Chinese counts as one word)."""
    widths = _bold_widths()

    def units(ch: str) -> int:
        if unicodedata.east_asian_width(ch) in "WF":
            return 1000
        return widths.get(ord(ch), 600)

    longest = max((sum(units(ch) for ch in word) for word in text.split()), default=0)
    return longest / 1000 * size_pt / 72 * 2.54


def fit_headers(headers: Sequence[str], widths: Sequence[float], slack_cm: float = 0.12) -> list[float]:
    """Column widths (cm) in which no header word is broken across lines, same total width.

    A narrow column ("Confidence", "Coverage" over a short value) is widened to hold its
    longest header word; the width comes from the columns with room to spare, in proportion
    to that room. If the words cannot all fit, the widths are left as they were.
    """
    need = [header_word_cm(h) + CELL_MARGINS_CM + slack_cm for h in headers]
    short = [max(0.0, n - w) for n, w in zip(need, widths, strict=True)]
    missing = sum(short)
    if missing == 0:
        return list(widths)
    room = [max(0.0, w - n) for n, w in zip(need, widths, strict=True)]
    spare = sum(room)
    if spare < missing:
        return list(widths)
    return [w + s - missing * r / spare for w, s, r in zip(widths, short, room, strict=True)]


def _bottom_border(paragraph: Paragraph, colour: str = "1F3864", size: int = 6) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "4")
    bottom.set(qn("w:color"), colour)
    border.append(bottom)
    ppr.append(border)


def _left_border(style, colour: str = "C55A11") -> None:
    ppr = style.element.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    left.set(qn("w:val"), "single")
    left.set(qn("w:sz"), "18")
    left.set(qn("w:space"), "8")
    left.set(qn("w:color"), colour)
    border.append(left)
    ppr.append(border)


# --- styles -------------------------------------------------------------------------------------------


def _configure_styles(doc: DocxDocument, lang: str) -> None:
    styles = doc.styles
    # Document defaults: fonts for Latin and East Asian text, and the languages for spelling.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    lang_el = rpr_default.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr_default.append(lang_el)
    lang_el.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    lang_el.set(qn("w:eastAsia"), "zh-CN")
    lang_el.set(qn("w:bidi"), "ar-SA")

    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = RGBColor(0x26, 0x26, 0x26)
    _set_fonts(normal.element)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True  # no single line of a paragraph alone atop or below a page

    for level, size, before in ((1, 16, 18), (2, 13, 14), (3, 11.5, 10)):
        style = styles[f"Heading {level}"]
        _set_fonts(style.element)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = NAVY if level < 3 else RGBColor(0x2E, 0x4A, 0x7D)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.page_break_before = True

    title = styles["Title"]
    _set_fonts(title.element)
    title.font.size = Pt(28)
    title.font.bold = True
    title.font.color.rgb = NAVY
    title.paragraph_format.space_after = Pt(12)
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    subtitle = styles["Subtitle"]
    _set_fonts(subtitle.element)
    subtitle.font.size = Pt(16)
    subtitle.font.italic = False
    subtitle.font.color.rgb = ACCENT
    caption = styles["Caption"]
    _set_fonts(caption.element)
    caption.font.size = Pt(9)
    caption.font.bold = False
    caption.font.italic = True
    caption.font.color.rgb = GREY
    caption.paragraph_format.space_after = Pt(10)
    quote = styles["Quote"]
    _set_fonts(quote.element)
    quote.font.italic = True
    quote.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    quote.paragraph_format.left_indent = Cm(0.6)
    quote.paragraph_format.space_after = Pt(2)
    _left_border(quote)
    for name in ("List Bullet", "Header", "Footer", "TOC Heading"):
        _set_fonts(styles[name].element)
    toc_heading = styles["TOC Heading"]
    toc_heading.paragraph_format.page_break_before = True
    toc_heading.font.size = Pt(16)
    toc_heading.font.bold = True
    toc_heading.font.color.rgb = NAVY

    def paragraph_style(name: str, size: float, *, bold: bool = False, colour: RGBColor | None = None,
                        after: float = 0, before: float = 0, base: str = "Normal"):
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.font.size = Pt(size)
        style.font.bold = bold
        if colour is not None:
            style.font.color.rgb = colour
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.line_spacing = 1.0
        _set_fonts(style.element)
        return style

    paragraph_style("Table Text", 8.5, after=1, before=1)
    header_style = paragraph_style("Table Header", HEADER_PT, bold=True, colour=RGBColor(0xFF, 0xFF, 0xFF), after=1,
                                   before=1)
    header_style.paragraph_format.keep_with_next = True
    paragraph_style("Quote Source", 8.5, colour=GREY, after=8)
    styles["Quote Source"].paragraph_format.left_indent = Cm(0.9)
    paragraph_style("Cover Detail", 11, colour=RGBColor(0x26, 0x26, 0x26), after=2)
    paragraph_style("Small Print", 8, colour=GREY, after=2)
    minor = paragraph_style("Minor Heading", 10.5, bold=True, colour=NAVY, after=3, before=8)
    minor.paragraph_format.keep_with_next = True
    notice = paragraph_style("Notice", 10, colour=ACCENT, after=8, before=4)
    notice.font.bold = True
    figure = paragraph_style("Figure", 10, after=2, before=6)
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True
    for level in (1, 2, 3):
        name = f"TOC {level}"
        try:
            toc = styles[name]
        except KeyError:
            toc = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = styles["Normal"]
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(3 if level == 1 else 1)
        toc.font.bold = level == 1
        toc.font.italic = False
        toc.font.size = Pt(10.5 if level == 1 else 10)
        _set_fonts(toc.element)
        tabs = toc.paragraph_format.tab_stops
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

        tabs.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        # TOC styles are hidden until used in Word's default template; show them.
        for attr in ("w:semiHidden", "w:unhideWhenUsed"):
            el = toc.element.find(qn(attr))
            if el is not None:
                toc.element.remove(el)


def _heading_numbering(doc: DocxDocument) -> None:
    """1 / 1.1 / 1.1.1 numbering linked to Heading 1-3, as Word's multilevel list does it."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "multilevel")
    abstract.append(multi)
    for level in range(3):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:pStyle", f"Heading{level + 1}"),
                         ("w:lvlText", ".".join(f"%{i + 1}" for i in range(level + 1))), ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(567 + 200 * level))
        ind.set(qn("w:hanging"), str(567 + 200 * level))
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    # abstractNum elements must precede num elements
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    for level in range(3):
        style = doc.styles[f"Heading {level + 1}"]
        ppr = style.element.get_or_add_pPr()
        numpr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), str(level))
        numid = OxmlElement("w:numId")
        numid.set(qn("w:val"), "90")
        numpr.append(ilvl)
        numpr.append(numid)
        ppr.insert(0, numpr)
    # "TOC Heading" is based on Heading 1 but must not be numbered.
    toc_ppr = doc.styles["TOC Heading"].element.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    numid = OxmlElement("w:numId")
    numid.set(qn("w:val"), "0")
    numpr.append(numid)
    toc_ppr.insert(0, numpr)


def _unnumbered(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    numid = OxmlElement("w:numId")
    numid.set(qn("w:val"), "0")
    numpr.append(numid)
    ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, numpr)


def _settings(doc: DocxDocument, lang: str) -> None:
    settings = doc.settings.element
    # Ask Word to refresh the TOC, page numbers and caption numbers on opening.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # CT_Settings is a strict sequence: updateFields comes before these.
    later = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
             "attachedSchema", "themeFontLang", "clrSchemeMapping", "shapeDefaults", "decimalSymbol",
             "listSeparator")
    successor = next((el for el in settings if el.tag in {qn(f"w:{n}") for n in later}), None)
    if successor is not None:
        successor.addprevious(update)
    else:
        settings.append(update)
    lang_el = settings.find(qn("w:themeFontLang"))
    if lang_el is None:
        lang_el = OxmlElement("w:themeFontLang")
        settings.append(lang_el)
    lang_el.set(qn("w:val"), "en-GB")
    lang_el.set(qn("w:eastAsia"), "zh-CN")


# --- the builder --------------------------------------------------------------------------------------


class TemplateWriter:
    """A small vocabulary over python-docx for writing report templates."""

    def __init__(self, lang: str, words: Callable[[str], str]) -> None:
        self.lang = lang
        self.w = words
        self.doc = Document()
        _configure_styles(self.doc, lang)
        _heading_numbering(self.doc)
        _settings(self.doc, lang)
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.3)
        section.top_margin, section.bottom_margin = Cm(2.4), Cm(2.2)
        section.header_distance = section.footer_distance = Cm(1.1)
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)

    @property
    def text_width_cm(self) -> float:
        return 21.0 - 2 * 2.3

    def p(self, text: str = "", style: str | None = None, *, bold: bool = False,
          align: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
        if align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    def runs(self, parts: Sequence[tuple[str, bool]], style: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        for text, bold in parts:
            run = paragraph.add_run(text)
            run.bold = bold or None
        return paragraph

    def tag(self, tag: str) -> Paragraph:
        """A paragraph holding only a ``{%p ... %}`` block tag (removed when rendered)."""
        return self.doc.add_paragraph(tag)

    def h(self, text: str, level: int = 1, *, numbered: bool = True) -> Paragraph:
        paragraph = self.doc.add_paragraph(text, style=f"Heading {level}")
        if not numbered:
            _unnumbered(paragraph)
        return paragraph

    def bullet(self, text: str | Sequence[tuple[str, bool]]) -> Paragraph:
        if isinstance(text, str):
            return self.p(text, "List Bullet")
        return self.runs(text, "List Bullet")

    def figure(self, expression: str, caption: str) -> None:
        self.p(f"{{{{ {expression} }}}}", "Figure")
        paragraph = self.doc.add_paragraph(style="Caption")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(self.w("figure") + " ")
        _field(paragraph, "SEQ Figure \\* ARABIC", "1")
        paragraph.add_run(self.w("caption_sep") + caption)

    def table_caption(self, caption: str) -> None:
        paragraph = self.doc.add_paragraph(style="Caption")
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.space_after = Pt(3)
        paragraph.add_run(self.w("table") + " ")
        _field(paragraph, "SEQ Table \\* ARABIC", "1")
        paragraph.add_run(self.w("caption_sep") + caption)

    def table(self, loop: str, columns: Sequence[Column], *, caption: str | None = None,
              zebra: bool | str = True) -> Table:
        """A header row that repeats on every page, then one row per item of ``loop``."""
        if caption:
            self.table_caption(caption)
        widths = [c.width_cm for c in columns]
        scale = min(1.0, self.text_width_cm / sum(widths))
        widths = fit_headers([c.header for c in columns], [w * scale for w in widths])
        table = self.doc.add_table(rows=4, cols=len(columns))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _table_borders(table)
        _fixed_layout(table, widths)
        header, open_row, body, close_row = table.rows
        _repeat_header(header)
        # A row is never split over two pages (LibreOffice would leave an empty sliver on the next one).
        body._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for i, col in enumerate(columns):
            for row in table.rows:
                row.cells[i].width = Cm(widths[i])
            cell = header.cells[i]
            _shade(cell, HEADER_FILL)
            cell.paragraphs[0].style = self.doc.styles["Table Header"]
            cell.paragraphs[0].add_run(col.header)
            if col.align != "left":
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if col.align == "right" else \
                    WD_ALIGN_PARAGRAPH.CENTER
            cell = body.cells[i]
            cell.paragraphs[0].style = self.doc.styles["Table Text"]
            fill = col.colour or (zebra if isinstance(zebra, str) else ZEBRA if zebra else None)
            prefix = f"{{% cellbg {fill} %}}" if fill else ""
            cell.paragraphs[0].add_run(f"{prefix}{{{{ {col.value} }}}}").bold = col.bold or None
            if col.detail:  # only when there is one: an empty second line made every row taller
                cell.add_paragraph(f"{{%p if {col.detail} %}}", style=self.doc.styles["Table Text"])
                detail = cell.add_paragraph(f"{{{{ {col.detail} }}}}", style=self.doc.styles["Table Text"])
                detail.runs[0].font.color.rgb = GREY
                detail.runs[0].font.size = Pt(8)
                cell.add_paragraph("{%p endif %}", style=self.doc.styles["Table Text"])
            _shade(cell, "FFFFFF")  # a tcPr with a fill for cellbg to replace
            if col.align != "left":
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if col.align == "right" else \
                    WD_ALIGN_PARAGRAPH.CENTER
        open_row.cells[0].paragraphs[0].add_run(f"{{%tr for r in {loop} %}}")
        close_row.cells[0].paragraphs[0].add_run("{%tr endfor %}")
        self.doc.add_paragraph(style="Small Print")  # breathing space after the table
        return table

    def key_values(self, rows: Sequence[tuple[str, str]], widths: tuple[float, float] = (6.0, 10.4),
                   *, caption: str | None = None) -> Table:
        """A two-column table of fixed labels and values (wording stays editable in Word)."""
        if caption:
            self.table_caption(caption)
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _table_borders(table)
        _fixed_layout(table, widths)
        for row, (label, value) in zip(table.rows, rows, strict=True):
            row.cells[0].width, row.cells[1].width = Cm(widths[0]), Cm(widths[1])
            _shade(row.cells[0], "F3F6FA")
            row.cells[0].paragraphs[0].style = self.doc.styles["Table Text"]
            row.cells[0].paragraphs[0].add_run(label).bold = True
            row.cells[1].paragraphs[0].style = self.doc.styles["Table Text"]
            row.cells[1].paragraphs[0].add_run(value)
        self.doc.add_paragraph(style="Small Print")
        return table

    # -- page furniture -------------------------------------------------------------------------------
    def cover(self, title: str, logo_png: bytes) -> None:
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        logo = self.p()
        picture = logo.add_run().add_picture(io.BytesIO(logo_png), width=Cm(3.2))
        # Named so that the consultancy's logo from the settings can take its place (app.reports.branding).
        picture._inline.docPr.set("name", COVER_LOGO)
        for _ in range(5):
            self.p()
        self.p(title, "Title")
        self.p("{{ meta.customer }}", "Subtitle")
        self.p("{{ meta.engagement }}", "Cover Detail")
        rule = self.p()
        _bottom_border(rule, "C55A11", 12)
        for _ in range(2):
            self.p()
        details = (
            (self.w("prepared_for"), "{{ meta.customer }}"),
            (self.w("prepared_by"), "{{ meta.control.author }}"),
            (self.w("k_reviewer"), "{{ meta.control.reviewer }}"),
            (self.w("period"), "{{ meta.period }}"),
            (self.w("services"), "{{ meta.services_text }}"),
            (self.w("report_date"), "{{ meta.control.date }}"),
            (self.w("k_version"), "{{ meta.control.version }} · {{ meta.control.status }}"),
        )
        table = self.doc.add_table(rows=len(details), cols=2)
        _no_borders(table)
        _fixed_layout(table, (4.2, 11.0))
        for row, (label, value) in zip(table.rows, details, strict=True):
            row.cells[0].width, row.cells[1].width = Cm(4.2), Cm(11.0)
            row.cells[0].paragraphs[0].style = self.doc.styles["Cover Detail"]
            run = row.cells[0].paragraphs[0].add_run(label)
            run.bold = True
            run.font.color.rgb = NAVY
            row.cells[1].paragraphs[0].style = self.doc.styles["Cover Detail"]
            row.cells[1].paragraphs[0].add_run(value)
        for _ in range(6):
            self.p()
        self.p(self.w("confidential_note") + " {{ meta.control.confidentiality }}", "Small Print")
        self._header_footer(title)

    def _header_footer(self, title: str) -> None:
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        header.style = self.doc.styles["Header"]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = header.add_run(f"{{{{ meta.customer }}}}  ·  {title}")
        run.font.size = Pt(8)
        run.font.color.rgb = GREY
        _bottom_border(header, "BFBFBF", 4)
        footer = section.footer.paragraphs[0]
        footer.style = self.doc.styles["Footer"]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        before, middle, after = self.w("page_of").split("{}")
        footer.add_run(before).font.size = Pt(8)
        _field(footer, "PAGE", "1", size=8)
        footer.add_run(middle).font.size = Pt(8)
        _field(footer, "NUMPAGES", "1", size=8)
        footer.add_run(after).font.size = Pt(8)
        for p in (section.first_page_header.paragraphs[0], section.first_page_footer.paragraphs[0]):
            p.text = ""

    def contents(self) -> None:
        self.p(self.w("contents"), "TOC Heading")
        paragraph = self.doc.add_paragraph(style="TOC 1")
        _field(paragraph, 'TOC \\o "1-3" \\h \\z \\u', self.w("toc_placeholder"))

    def notices(self) -> None:
        self.tag("{%p for n in notices %}")
        self.p("{{ n }}", "Notice")
        self.tag("{%p endfor %}")

    def save(self, path: Path | str | io.BytesIO) -> None:
        self.doc.core_properties.title = "{{ meta.title }}"
        self.doc.core_properties.subject = "{{ meta.customer }}"
        self.doc.core_properties.author = "{{ meta.consultant }}"
        self.doc.core_properties.comments = ""
        self.doc.core_properties.keywords = ""  # the model's subject, filled in when rendered
        normalise_parts(self.doc)
        self.doc.save(path)


def normalise_parts(doc: DocxDocument) -> int:
    """Schema order in every XML part (document, styles, numbering, headers, footers)."""
    from app.reports.ooxml import normalise

    return sum(normalise(part._element) for part in doc.part.package.iter_parts() if hasattr(part, "_element"))


def logo_png() -> bytes:
    """A neutral placeholder mark (rising steps) that a consultancy replaces with its logo in Word."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, Rectangle

    fig = Figure(figsize=(1.6, 1.6), dpi=200)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    ax.add_patch(FancyBboxPatch((0.04, 0.04), 0.92, 0.92, boxstyle="round,pad=0,rounding_size=0.12",
                                color="#1F3864"))
    for i, height in enumerate((0.18, 0.32, 0.46, 0.62)):
        colour = "#C55A11" if i == 3 else "white"
        ax.add_patch(Rectangle((0.17 + i * 0.17, 0.2), 0.12, height, color=colour))
    buffer = io.BytesIO()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.savefig(buffer, format="png", transparent=True)
    return buffer.getvalue()
