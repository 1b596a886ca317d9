"""The consultancy's name and logo on the covers of every report, from the settings or the command line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from PIL import Image

from app.errors import UserError
from app.reports.branding import Branding, load_branding
from app.reports.deliverables import ReportOptions
from app.reports.template_builder import COVER_LOGO, logo_png
from app.services import content_for_services
from app.services.reports import build_report
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository

TODAY = date(2026, 12, 3)
NAME = "Northwind Advisory 北风咨询 & <Partners>"


def png(size: tuple[int, int] = (300, 80), colour: str = "teal", fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def logo(tmp_path) -> Path:
    path = tmp_path / "logo.png"
    path.write_bytes(png())
    return path


def cover(path: Path) -> tuple[list[bytes], list[str], list[str]]:
    """The pictures (bytes), picture names and texts above the cover's title."""
    document = docx.Document(str(path))
    pictures, names, texts = [], [], []
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Title":
            return pictures, names, texts
        for blip in paragraph._p.iter(qn("a:blip")):
            pictures.append(document.part.related_parts[blip.get(qn("r:embed"))].blob)
        names += [p.get("name") for p in paragraph._p.iter(qn("wp:docPr"))]
        if paragraph.text.strip():
            texts.append(paragraph.text)
    raise AssertionError("no title")


@pytest.fixture
def engagement(tmp_path, monkeypatch, shipped_library):
    """An engagement that bought every service, so that every kind can be written."""
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Harbour Bank")
    services = [ServiceChoice("diagnosis-professional"), ServiceChoice("assessment-planning", "medium"),
                ServiceChoice("organisation-optimisation", "medium"), ServiceChoice("process-optimisation", "medium")]
    e = repo.create_engagement(customer.id, "Harbour Bank 2026", services=services,
                               content=content_for_services(shipped_library, services), consultant="Elena")
    yield shipped_library, repo, e
    repo.db.close()


WORD_KINDS = ("survey", "diagnosis", "maturity", "planning", "organization", "processes", "guide")


def test_every_word_cover_shows_the_logo_and_name_from_the_settings(engagement, tmp_path, logo):
    library, repo, e = engagement
    branding = load_branding(NAME, logo)
    for kind in WORD_KINDS:
        for lang in ("en", "zh"):
            out = build_report(library, repo, e.id, kind, tmp_path / f"{kind}-{lang}.docx", lang, today=TODAY,
                               export=ReportOptions(branding=branding),
                               options={"role": "sre"} if kind == "guide" else None)
            pictures, _, texts = cover(out)
            assert pictures == [logo.read_bytes()], kind  # the logo, in place of the template's mark
            assert texts == [NAME], kind


def test_without_settings_a_cover_names_no_firm(engagement, tmp_path):
    library, repo, e = engagement
    for kind in WORD_KINDS:
        out = build_report(library, repo, e.id, kind, tmp_path / f"{kind}.docx", "en", today=TODAY,
                           options={"role": "sre"} if kind == "guide" else None)
        pictures, names, texts = cover(out)
        assert texts == [], kind
        if kind in ("organization", "processes"):  # composed in code: no cover picture
            assert pictures == [], kind
        else:  # the template's neutral mark
            assert pictures == [logo_png()] and names == [COVER_LOGO], kind


def test_a_name_alone_keeps_the_templates_mark(engagement, tmp_path):
    library, repo, e = engagement
    out = build_report(library, repo, e.id, "maturity", tmp_path / "m.docx", "en", today=TODAY,
                       export=ReportOptions(branding=Branding("Northwind Advisory")))
    pictures, _, texts = cover(out)
    assert pictures == [logo_png()] and texts == ["Northwind Advisory"]


def test_a_consultancys_own_template_gets_the_logo_on_its_cover_picture(engagement, tmp_path, logo):
    """A template without the named picture (edited in Word, or older): its picture above the title is replaced."""
    from app.reports.templates import template_bytes

    library, repo, e = engagement
    document = docx.Document(io.BytesIO(template_bytes("maturity", "en")))
    for doc_pr in document.element.body.iter(qn("wp:docPr")):
        doc_pr.set("name", "Picture 1")
    folder = tmp_path / "templates"
    folder.mkdir()
    document.save(str(folder / "maturity.en.docx"))
    out = build_report(library, repo, e.id, "maturity", tmp_path / "m.docx", "en", today=TODAY, templates=folder,
                       export=ReportOptions(branding=load_branding(NAME, logo)))
    pictures, _, texts = cover(out)
    assert pictures == [logo.read_bytes()] and texts == [NAME]


@pytest.mark.parametrize("kind", ["maturity", "planning"])
def test_the_excel_summary_shows_the_name_and_logo(engagement, tmp_path, logo, kind):
    library, repo, e = engagement
    out = build_report(library, repo, e.id, kind, tmp_path / f"{kind}.xlsx", "zh", today=TODAY,
                       export=ReportOptions(branding=load_branding(NAME, logo)))
    sheet = openpyxl.load_workbook(str(out)).worksheets[0]
    assert NAME in [c.value for row in sheet.iter_rows() for c in row]
    assert len(sheet._images) == 1
    plain = build_report(library, repo, e.id, kind, tmp_path / f"{kind}-plain.xlsx", "zh", today=TODAY)
    assert not openpyxl.load_workbook(str(plain)).worksheets[0]._images


def _bad_logos(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    text = tmp_path / "notes.png"
    text.write_text("not a picture", encoding="utf-8")
    gif = tmp_path / "logo.gif"
    gif.write_bytes(png(fmt="GIF"))
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(png((400, 400), "red")[:200])
    huge = tmp_path / "huge.png"
    huge.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2 * 1024 * 1024))
    wide = tmp_path / "wide.png"
    wide.write_bytes(png((5000, 10)))
    folder = tmp_path / "folder.png"
    folder.mkdir()
    return {
        "missing": (tmp_path / "nowhere.png", "does not exist"),
        "a folder": (folder, "does not exist or is not a file"),
        "text": (text, "is not a PNG or JPEG image"),
        "gif": (gif, "is not a PNG or JPEG image"),
        "truncated": (truncated, "cannot be read as an image"),
        "over 2 MB": (huge, "at most 2 MB"),
        "5000 pixels": (wide, "at most 4000 pixels"),
    }


def test_a_bad_logo_is_refused_with_one_line(tmp_path):
    for case, (path, message) in _bad_logos(tmp_path).items():
        with pytest.raises(UserError) as caught:
            load_branding("Northwind", path)
        assert message in str(caught.value) and str(path) in str(caught.value), case
        assert "\n" not in str(caught.value)


def test_a_jpeg_logo_is_accepted(tmp_path):
    path = tmp_path / "logo.jpg"
    path.write_bytes(png(fmt="JPEG"))
    assert load_branding("  Northwind \n Advisory ", path) == Branding("Northwind Advisory", path.read_bytes())


def test_omm_report_takes_the_name_and_logo_and_refuses_a_bad_logo_before_writing(engagement, tmp_path, logo):
    library, repo, e = engagement
    env = {**os.environ, "OMM_DATA_DIR": str(tmp_path / "data"), "PYTHONWARNINGS": "error"}
    env.pop("OMM_DATABASE_URL", None)

    def omm(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app.cli", "report", e.id, "--db", str(repo.db.url), *args],
                              capture_output=True, text=True, env=env, timeout=300)

    bad = tmp_path / "notes.png"
    bad.write_text("not a picture", encoding="utf-8")
    refused = omm("--kind", "maturity", "--out", str(tmp_path / "bad.docx"), "--logo", str(bad))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines() == [f"omm: error: the logo {bad} is not a PNG or JPEG image"], \
        refused.stderr
    assert not (tmp_path / "bad.docx").exists()
    done = omm("--kind", "maturity", "--out", str(tmp_path / "good.docx"), "--logo", str(logo),
               "--consultancy-name", NAME, "--quiet")
    assert done.returncode == 0, done.stderr
    pictures, _, texts = cover(tmp_path / "good.docx")
    assert pictures == [logo.read_bytes()] and texts == [NAME]
