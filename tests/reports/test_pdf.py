"""LibreOffice opens what we write: one Chinese Word report and one workbook to PDF.

Skipped where LibreOffice is not installed; ``/work/shared/tools/render-office`` turns
every kind into PNG pages for a person to look at.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.reports.conftest import CUSTOMER

SOFFICE = shutil.which("soffice")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")]


def _to_pdf(source, tmp_path):
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / (source.stem + ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 10_000
    return pdf


def test_word_and_excel_convert_to_pdf(built, tmp_path):
    pdf = _to_pdf(built[("maturity", "zh", ".docx")], tmp_path)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "运维成熟度评估报告" in text and "数据中心" in CUSTOMER and "数据中心" in text
    _to_pdf(built[("survey", "en", ".xlsx")], tmp_path)
