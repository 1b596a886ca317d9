"""Word reports opened again and read back against the engagement's scores."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest

from app.reports.context import ReportInputs, build_context
from tests.reports.conftest import CONSULTANT, CUSTOMER, ENGAGEMENT

KINDS = ("survey", "diagnosis", "maturity")


def _all_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist()
                       if n.startswith("word/") and n.endswith(".xml"))


def _texts(document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            out.extend(cell.text for cell in row.cells)
    return out


def _table_rows(document) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_template_tag_survives(built, kind, lang):
    xml = _all_xml(built[(kind, lang, ".docx")])
    for tag in ("{{", "}}", "{%", "%}", "{#"):
        assert tag not in xml, f"{tag} left in {kind}.{lang}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_names_are_text_not_markup(built, kind, lang):
    document = docx.Document(built[(kind, lang, ".docx")])
    body = "\n".join(_texts(document))
    assert CUSTOMER in body  # <, &, quotes, emoji and Chinese come back exactly
    if kind != "survey":
        header = document.sections[0].header.paragraphs[0].text
        assert CUSTOMER in header
    assert ENGAGEMENT in body and CONSULTANT in body
    assert "\x07" not in body  # control characters are dropped, not written as invalid XML
    assert document.core_properties.subject == CUSTOMER  # File > Properties is plain text, not XML
    assert document.core_properties.author == CONSULTANT


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_maturity_scores_equal_score_json(built, score_json, lang, library):
    document = docx.Document(built[("maturity", lang, ".docx")])
    rows = _table_rows(document)
    model = library.model("mini")
    (scored,) = score_json["models"]
    names = {d.id: d.name.get(lang) for d in model.domains}
    cap_names = {c.id: c.name.get(lang) for d in model.domains for c in d.capabilities}
    for domain in scored["domains"]:
        # the domain table: name, level, target, gap, coverage, weight
        row = next(r for r in rows if r[0] == names[domain["id"]] and len(r) == 6)
        # a domain holding an overridden capability is marked "*" (see the overrides section)
        assert row[1].rstrip("*") == (f"{domain['level']:.2f}" if domain["level"] is not None else row[1])
        assert row[2] == f"{domain['target']:.2f}"
        for cap in domain["capabilities"]:
            shown = [r for r in rows if cap_names[cap["id"]] in r]
            assert shown, cap["id"]
            if cap["level"] is None:
                assert any(("not assessed" if lang == "en" else "未评估") in r for r in shown)
            else:
                assert any(f"{cap['level']:.2f}" in r for r in shown), (cap["id"], shown)
    overall = f"{scored['level']:.2f}"
    assert any(overall in p.text for p in document.paragraphs)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_domain_appears_and_every_chart_is_embedded(built, kind, lang, library, repo, engagements):
    from app.reports.api import charts_used
    from app.services.reports import gather_inputs

    path = built[(kind, lang, ".docx")]
    document = docx.Document(path)
    body = "\n".join(_texts(document))
    model = library.model("mini")
    for domain in model.domains:
        assert domain.name.get(lang) in body
    context = build_context(gather_inputs(library, repo, engagements["tricky"]), kind, lang)
    expected = len(charts_used(context, kind, ".docx"))
    assert expected >= 1
    # charts plus the cover logo, each a real embedded picture at print resolution
    assert len(document.inline_shapes) == expected + 1
    with zipfile.ZipFile(path) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) >= expected
        import io

        from PIL import Image

        widths = sorted(Image.open(io.BytesIO(z.read(n))).size[0] for n in media)
        assert widths[-1] >= 1200  # 6.4 in at 200 dpi


def test_word_structure(built):
    path = built[("maturity", "en", ".docx")]
    document = docx.Document(path)
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Caption", "TOC 1"} <= styles
    xml = _all_xml(path)
    assert 'TOC \\o "1-3"' in xml and "SEQ Figure" in xml and "SEQ Table" in xml
    assert " PAGE " in xml and " NUMPAGES " in xml
    assert "w:tblHeader" in xml  # header rows repeat across pages
    assert 'w:eastAsia="Microsoft YaHei"' in xml or "w:eastAsia=" in xml
    assert "w:updateFields" in xml
    # caption numbers are filled in order before Word refreshes them
    figures = [p.text for p in document.paragraphs if p.style.name == "Caption" and p.text.startswith("Figure")]
    assert [re.match(r"Figure (\d+)", f).group(1) for f in figures] == [str(i + 1) for i in range(len(figures))]
    # the table of contents lists the headings
    toc = [p.text for p in document.paragraphs if p.style.name.startswith("TOC ") and p.style.name != "TOC Heading"]
    assert any("Executive summary" in t for t in toc)
    # ... and every entry is a link to a bookmark on its heading (clickable without Word updating anything)
    from docx.oxml.ns import qn

    body = document.element.body
    bookmarks = {b.get(qn("w:name")): b.getparent() for b in body.iter(qn("w:bookmarkStart"))}
    entries = [p._p for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2", "TOC 3")]
    assert len(entries) == len(toc)
    for entry in entries:
        heading = bookmarks[entry.find(qn("w:hyperlink")).get(qn("w:anchor"))]
        text = "".join(x.text or "" for x in heading.iter(qn("w:t"))).strip()
        assert text and text in "".join(x.text or "" for x in entry.iter(qn("w:t")))


def test_not_assessed_and_overridden_capabilities_are_marked(built):
    document = docx.Document(built[("maturity", "en", ".docx")])
    rows = _table_rows(document)
    rollback = [r for r in rows if "Rollback" in r and len(r) == 6]  # the capability table
    assert rollback and all("not assessed" in r[2] for r in rollback)
    marked = [r for r in rows if "Response" in r and len(r) == 6]  # capability and gap tables
    assert len(marked) == 2 and all("3.00*" in r for r in marked)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "* Set by the consultant: levels marked * below, with the rationale given under" in text
    assert "@author <reason> & more" in "\n".join(" ".join(r) for r in rows)


def test_empty_engagement_still_builds_every_kind(library, repo, engagements, tmp_path):
    from app.services.reports import build_report

    for kind in KINDS:
        for suffix in (".docx", ".xlsx"):
            path = build_report(library, repo, engagements["empty"], kind, tmp_path / f"{kind}{suffix}", "zh")
            assert path.stat().st_size > 5000
    document = docx.Document(tmp_path / "maturity.docx")
    assert any("尚无回答记录" in p.text for p in document.paragraphs)


def test_context_is_pure_and_typed(library, repo, engagements):
    from app.services.reports import gather_inputs

    inputs = gather_inputs(library, repo, engagements["tricky"])
    assert isinstance(inputs, ReportInputs)
    first = build_context(inputs, "maturity", "en")
    second = build_context(inputs, "maturity", "en")
    assert first == second
    (model,) = first.models
    assert model.not_assessed == ("Rollback",)
    assert [o.capability for o in model.overrides] == ["Response"]
    assert model.disagreements and model.disagreements[0].spread == 3
    assert model.recommendations and model.recommendations[0].title == "Define change models"


@pytest.mark.parametrize("kind", KINDS)
def test_property_elements_are_in_schema_order(built, kind):
    """Word rejects out-of-order or repeated children of pPr/rPr/tblPr/tcPr (LibreOffice does not)."""
    from lxml import etree

    from app.reports.ooxml import normalise

    for lang in ("en", "zh"):
        with zipfile.ZipFile(built[(kind, lang, ".docx")]) as z:
            for name in z.namelist():
                if name.startswith("word/") and name.endswith(".xml"):
                    root = etree.fromstring(z.read(name))
                    assert normalise(root) == 0, f"{name} of {kind}.{lang} needed reordering"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_table_header_word_is_broken_across_lines(kind, lang):
    """Every header word fits its column ("Confidence" must not print as "Confide|nce")."""
    import io

    from app.reports.template_builder import CELL_MARGINS_CM, header_word_cm
    from app.reports.templates import template_bytes

    document = docx.Document(io.BytesIO(template_bytes(kind, lang)))
    checked = 0
    for table in document.tables:
        header = table.rows[0]
        if not header.cells or header.cells[0].paragraphs[0].style.name != "Table Header":
            continue
        widths = [int(col.get(docx.oxml.ns.qn("w:w"))) / 567 for col in table._tbl.tblGrid.findall(
            docx.oxml.ns.qn("w:gridCol"))]
        for cell, width in zip(header.cells, widths, strict=True):
            assert header_word_cm(cell.text) + CELL_MARGINS_CM <= width, (kind, lang, cell.text, width)
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_headings_and_lead_ins_keep_with_the_figure_or_table_they_introduce(built, lang):
    """The heatmap's heading sat alone on its page: a heading keeps with its lead-in sentence (style),
    and the lead-in, a figure and a caption above a table keep with what follows."""
    from docx.oxml.ns import qn

    document = docx.Document(built[("maturity", lang, ".docx")])
    styles = {s.style_id: s for s in document.styles if hasattr(s, "paragraph_format")}

    def keeps(p) -> bool:
        ppr = p.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:keepNext")) is not None:
            return True
        style = ppr.find(qn("w:pStyle")).get(qn("w:val")) if ppr is not None and ppr.find(qn("w:pStyle")) \
            is not None else "Normal"
        return bool(styles[style].paragraph_format.keep_with_next)

    blocks = [el for el in document.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]
    checked = 0
    for before, block, following in zip(blocks, blocks[1:], blocks[2:], strict=False):
        text = "".join(block.itertext()).strip()
        if block.tag != qn("w:p") or not text or block.xpath(".//w:drawing"):
            continue
        if before.xpath(".//w:drawing"):  # a figure's caption: the figure keeps with it, it pulls nothing along
            continue
        introduces = following.tag == qn("w:tbl") or bool(following.xpath(".//w:drawing"))
        if introduces or document.styles["Heading 1"].style_id in block.xpath("./w:pPr/w:pStyle/@w:val"):
            assert keeps(block), text
            checked += 1
    assert checked >= 10
    assert styles["Normal"].paragraph_format.widow_control  # no orphaned single line at a page break


def test_a_chart_taller_than_a_page_allows_is_narrowed_to_fit():
    import io

    from docxtpl import DocxTemplate
    from PIL import Image

    from app.reports.docx_render import IMAGE_HEIGHT_MM, IMAGE_WIDTH_MM, picture
    from app.reports.templates import template_bytes

    tpl = DocxTemplate(io.BytesIO(template_bytes("survey", "en")))

    def png(width: int, height: int) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (width, height), "white").save(out, "PNG")
        return out.getvalue()

    wide, tall = picture(tpl, png(640, 480)), picture(tpl, png(640, 1200))
    assert (wide.width, wide.height) == (docx.shared.Mm(IMAGE_WIDTH_MM), None)
    assert (tall.width, tall.height) == (None, docx.shared.Mm(IMAGE_HEIGHT_MM))


@pytest.mark.parametrize("kind", KINDS)
def test_no_table_row_below_the_header_keeps_with_the_next(kind):
    """A keep-with-next paragraph in every row (the finding cards' titles) made LibreOffice keep a whole
    table together: a domain's cards moved to the next page and left its heading alone."""
    import io

    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    from app.reports.templates import template_bytes

    document = docx.Document(io.BytesIO(template_bytes(kind, "en")))
    for table in document.tables:
        for row in table.rows:
            if row._tr.xpath("./w:trPr/w:tblHeader"):
                continue
            for p in row._tr.iter(qn("w:p")):
                paragraph = Paragraph(p, table._parent)
                keep = paragraph.paragraph_format.keep_with_next
                if keep is None:
                    keep = paragraph.style.paragraph_format.keep_with_next
                assert not keep, (kind, paragraph.text)
