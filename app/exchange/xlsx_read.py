"""A small, fast reader of the cell values of an .xlsx file (no styles, no validations, no formulas run).

Reading back a survey workbook needs three columns of one sheet, a few cells of two
others and three defined names. openpyxl parses every style, rich text run and data
validation on the way, several times slower than the values alone, so fifty filled
forms took seconds; this reader streams the sheet XML and keeps only values.

A cell holding a formula is read as its formula text with a leading ``=`` (as openpyxl
does without ``data_only``), so an answer typed as ``=1+2`` is refused, never computed.
Parts larger than ``MAX_PART_BYTES`` uncompressed are refused (a zip bomb is not read).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_PART_BYTES = 64 * 1024 * 1024
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


class XlsxError(ValueError):
    """The file is not a workbook this reader understands; the message says why, in one line."""


def _rich_text(element: ET.Element) -> str:
    """The text of a shared or inline string: its <t>, or its runs' <t> (phonetic hints left out)."""
    parts = []
    for child in element:
        if child.tag == f"{M}t":
            parts.append(child.text or "")
        elif child.tag == f"{M}r":
            t = child.find(f"{M}t")
            parts.append((t.text or "") if t is not None else "")
    return "".join(parts)


class XlsxBook:
    """Sheet names, workbook-level defined names and cell values of one .xlsx file."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.zip = archive
        workbook = self._xml("xl/workbook.xml")
        rels = self._xml("xl/_rels/workbook.xml.rels")
        targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{PKG_REL}Relationship")}
        self.sheets: dict[str, str] = {}  # name -> part path
        for sheet in workbook.iter(f"{M}sheet"):
            target = targets.get(sheet.get(f"{R}id"), "")
            if not target:
                continue
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            self.sheets[sheet.get("name", "")] = path.replace("xl/./", "xl/")
        self.defined_names = {d.get("name", ""): (d.text or "") for d in workbook.iter(f"{M}definedName")
                              if d.get("localSheetId") is None}
        self.shared: list[str] = []
        if "xl/sharedStrings.xml" in archive.namelist():
            self.shared = [_rich_text(si) for si in self._xml("xl/sharedStrings.xml").iter(f"{M}si")]

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def _open(self, part: str):
        try:
            info = self.zip.getinfo(part)
        except KeyError:
            raise XlsxError(f"the part {part} is missing") from None
        if info.file_size > MAX_PART_BYTES:
            raise XlsxError(f"the part {part} is {info.file_size // 2**20} MB uncompressed; too large for a survey")
        return self.zip.open(info)

    def _xml(self, part: str) -> ET.Element:
        with self._open(part) as fh:
            try:
                return ET.parse(fh).getroot()
            except ET.ParseError as exc:
                raise XlsxError(f"{part} is damaged ({exc})") from None

    def _value(self, cell: ET.Element) -> Any:
        kind = cell.get("t", "n")
        formula = cell.find(f"{M}f")
        if formula is not None and formula.text:
            return "=" + formula.text
        if kind == "inlineStr":
            inline = cell.find(f"{M}is")
            return _rich_text(inline) if inline is not None else ""
        v = cell.find(f"{M}v")
        text = v.text if v is not None else None
        if text is None:
            return None
        if kind == "s":
            try:
                return self.shared[int(text)]
            except (ValueError, IndexError):
                raise XlsxError("a cell refers to a shared string that is not there") from None
        if kind == "b":
            return text.strip() == "1"
        if kind in ("str", "e", "d"):
            return text
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and "." not in text and "E" not in text.upper() else number

    def cells(self, sheet: str, columns: Iterable[str] | None = None, max_row: int | None = None
              ) -> dict[tuple[int, str], Any]:
        """(row, column letters) -> value of every non-empty cell of ``sheet`` (in ``columns``, if given)."""
        wanted = set(columns) if columns is not None else None
        out: dict[tuple[int, str], Any] = {}
        try:
            path = self.sheets[sheet]
        except KeyError:
            raise XlsxError(f"the sheet {sheet!r} is missing") from None
        row_number = 0
        with self._open(path) as fh:
            try:
                for _, element in ET.iterparse(fh, events=("end",)):
                    tag = element.tag
                    if tag == f"{M}row":
                        element.clear()
                        continue
                    if tag != f"{M}c":
                        continue
                    ref = element.get("r", "")
                    match = _REF.match(ref)
                    if match:
                        letters, row_number = match.group(1), int(match.group(2))
                    else:  # a writer that leaves references out: cells follow each other
                        letters = "A"
                    if (wanted is None or letters in wanted) and (max_row is None or row_number <= max_row):
                        value = self._value(element)
                        if value is not None and value != "":
                            out[(row_number, letters)] = value
                    element.clear()
            except ET.ParseError as exc:
                raise XlsxError(f"the sheet {sheet!r} is damaged ({exc})") from None
        return out

    def defined_cell(self, name: str) -> tuple[str, str] | None:
        """(sheet, cell) a workbook-level name points at, or None."""
        text = self.defined_names.get(name, "").strip()
        if "!" not in text:
            return None
        sheet, _, ref = text.rpartition("!")
        if sheet.startswith("'") and sheet.endswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        cell = ref.replace("$", "").split(":")[0]
        if sheet not in self.sheets or not _REF.match(cell):
            return None
        return sheet, cell


def open_book(archive: zipfile.ZipFile) -> XlsxBook:
    try:
        return XlsxBook(archive)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError) as exc:
        raise XlsxError(f"not a readable Excel workbook ({exc})") from None


__all__ = ["XlsxBook", "XlsxError", "open_book"]
