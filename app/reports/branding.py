"""The consultancy's name and logo on report covers: settings, not content.

They come from the Settings dialog (or ``omm report --consultancy-name/--logo``) with each
export, in :class:`app.reports.deliverables.ReportOptions`. Without them a cover shows the
template's neutral mark and no firm name: nothing is invented.

A logo is checked once, when it is chosen, and again when a report is written (the file
may have changed since): a PNG or JPEG Pillow can read, at most 2 MB and 4000 pixels a
side; anything else is refused with one line and nothing is written.

Word: every kind's cover gets them, whether its document comes from a template or is
composed in code, by :func:`brand_docx` after rendering: the logo replaces the cover's
picture the template builder named ``COVER_LOGO`` (or opens the document when there is no
such picture), and the name follows it. Excel: the summary sheet of the kinds built on
``context.Meta`` shows both (``Meta.consultancy`` / ``Meta.logo``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError
from app.reports.template_builder import CJK_FONT, COVER_LOGO

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_SIDE = 4000
LOGO_BOX_CM = (5.5, 2.4)  # the logo is fitted inside this box on a Word cover (width, height)


@dataclass(frozen=True)
class Branding:
    name: str = ""
    logo: bytes = b""  # PNG or JPEG bytes, checked by check_logo

    def __bool__(self) -> bool:
        return bool(self.name or self.logo)


def check_logo(data: bytes, where: str) -> tuple[int, int]:
    """The logo's size in pixels; UserError naming ``where`` when it is not a usable PNG or JPEG."""
    if len(data) > MAX_LOGO_BYTES:
        raise UserError(f"the logo {where} is {len(data) / 1024 / 1024:.1f} MB; use a PNG or JPEG of at most "
                        f"{MAX_LOGO_BYTES // 1024 // 1024} MB")
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise UserError(f"the logo {where} is not a PNG or JPEG image")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if max(width, height) > MAX_LOGO_SIDE or min(width, height) < 1:
                raise UserError(f"the logo {where} is {width}x{height} pixels; use at most {MAX_LOGO_SIDE} "
                                f"pixels a side")
            image.load()  # a truncated or damaged file fails here, not in Word
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for damaged files
        raise UserError(f"the logo {where} cannot be read as an image ({exc.__class__.__name__})") from None
    return width, height


def read_logo(path: Path | str) -> bytes:
    """The logo file's bytes, checked; one clear UserError when it is missing, unreadable or not an image."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"the logo {path} does not exist or is not a file")
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise UserError(f"the logo {path} is {size / 1024 / 1024:.1f} MB; use a PNG or JPEG of at most "
                            f"{MAX_LOGO_BYTES // 1024 // 1024} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read the logo {path}: {exc.strerror or exc}") from None
    check_logo(data, str(path))
    return data


def load_branding(name: str = "", logo: Path | str | None = None) -> Branding:
    """The branding settings name: the name tidied (one line), the logo read and checked."""
    clean_name = " ".join((name or "").split())
    if len(clean_name) > 120:
        raise UserError("the consultancy name is longer than 120 characters")
    return Branding(clean_name, read_logo(logo) if logo else b"")


# --- Word ---------------------------------------------------------------------------------------------


def brand_docx(data: bytes, branding: Branding) -> bytes:
    """The document with the consultancy's logo and name on its cover (unchanged when there are none)."""
    if not branding:
        return data
    import docx

    document = docx.Document(io.BytesIO(data))
    brand_document(document, branding)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def brand_document(document, branding: Branding) -> None:
    from docx.oxml.ns import qn

    body = document.element.body
    picture = next((p for p in body.iter(qn("wp:docPr")) if p.get("name") == COVER_LOGO), None)
    if picture is None:
        picture = _picture_before_title(body)
    anchor = None  # the paragraph the name follows
    if picture is not None:
        anchor = next(a for a in picture.iterancestors() if a.tag == qn("w:p"))
        if branding.logo:
            _replace_picture(document, picture, branding.logo)
    elif branding.logo:
        anchor = _first_paragraph(document)
        run = anchor.add_run()
        _fit(run.add_picture(io.BytesIO(branding.logo)), branding.logo)
        anchor = anchor._p
    if branding.name:
        _name_after(document, anchor, branding.name)


def _picture_before_title(body):
    """The docPr of a picture above the cover's title: an older or a consultancy's own template's logo."""
    from docx.oxml.ns import qn

    for paragraph in body.iterchildren(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) == "Title":
            return None
        inline = paragraph.find(f".//{qn('wp:inline')}")
        if inline is not None and inline.find(qn("wp:docPr")) is not None:
            return inline.find(qn("wp:docPr"))
    return None


def _first_paragraph(document):
    """A new empty paragraph at the very top of the body (before the title of a composed document)."""
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    return first.insert_paragraph_before()


def _fitted_emu(logo: bytes) -> tuple[int, int]:
    from docx.shared import Cm

    width, height = check_logo(logo, "in the settings")
    box_w, box_h = Cm(LOGO_BOX_CM[0]), Cm(LOGO_BOX_CM[1])
    scale = min(box_w / width, box_h / height)
    return int(width * scale), int(height * scale)


def _fit(shape, logo: bytes) -> None:
    shape.width, shape.height = _fitted_emu(logo)


def _replace_picture(document, doc_pr, logo: bytes) -> None:
    """The template's cover picture shows the logo instead, fitted in the logo box, in place."""
    from docx.oxml.ns import qn

    inline = doc_pr.getparent()
    r_id, _ = document.part.get_or_add_image(io.BytesIO(logo))
    for blip in inline.iter(qn("a:blip")):
        blip.set(qn("r:embed"), r_id)
    cx, cy = _fitted_emu(logo)
    for tag in ("wp:extent", "a:ext"):
        for ext in inline.iter(qn(tag)):
            if ext.get("cx") is not None:  # not an a:ext of an extension list
                ext.set("cx", str(cx))
                ext.set("cy", str(cy))


def _name_after(document, anchor, name: str) -> None:
    """The consultancy's name in a paragraph of its own below the logo (or at the top of the document)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor
    from docx.text.paragraph import Paragraph

    new = OxmlElement("w:p")
    if anchor is not None:
        anchor.addnext(new)
    else:
        first = _first_paragraph(document)
        first._p.addnext(new)
        first._p.getparent().remove(first._p)
    paragraph = Paragraph(new, document.element.body)
    run = paragraph.add_run(name)
    run.bold = True
    run.font.size = Pt(13)
    run.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    paragraph.paragraph_format.space_before = Pt(6)
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), CJK_FONT)


# --- Excel --------------------------------------------------------------------------------------------


def add_excel_logo(ws, logo: bytes, cell: str, box_px: tuple[int, int] = (220, 70), offset_px: int = 0) -> None:
    """The logo on a sheet at ``cell`` (``offset_px`` to its right), fitted inside ``box_px`` (width, height)."""
    from openpyxl.drawing.image import Image
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
    from openpyxl.drawing.xdr import XDRPositiveSize2D
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
    from openpyxl.utils.units import pixels_to_EMU

    width, height = check_logo(logo, "in the settings")
    scale = min(box_px[0] / width, box_px[1] / height)
    size = (max(1, int(width * scale)), max(1, int(height * scale)))
    picture = Image(io.BytesIO(logo))
    picture.width, picture.height = size
    column, row = coordinate_from_string(cell)
    picture.anchor = OneCellAnchor(
        _from=AnchorMarker(col=column_index_from_string(column) - 1, colOff=pixels_to_EMU(offset_px), row=row - 1),
        ext=XDRPositiveSize2D(pixels_to_EMU(size[0]), pixels_to_EMU(size[1])))
    ws.add_image(picture)
