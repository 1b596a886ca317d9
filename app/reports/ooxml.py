"""Children of Word property elements in the order the schema demands.

Word refuses ("unreadable content") a paragraph, run, table or cell property element
whose children are out of schema order or repeated, while LibreOffice and python-docx
do not care. Raw XML added by the template builder, and docxtpl's ``cellbg`` (which
puts ``w:shd`` first in ``w:tcPr``), both break that order; :func:`normalise` restores it,
keeping the last of any repeated element.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

_ORDERS = {
    "pPr": ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
            "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
            "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
            "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"),
    "rPr": ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
            "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
            "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange"),
    "tblPr": ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
              "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription "
              "tblPrChange"),
    "tcPr": ("cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
             "hideMark headers cellIns cellDel cellMerge tcPrChange"),
}
_RANKS = {qn(f"w:{parent}"): {qn(f"w:{name}"): i for i, name in enumerate(order.split())}
          for parent, order in _ORDERS.items()}


def normalise(root: etree._Element) -> int:
    """Reorder (and de-duplicate) property children under ``root``; returns how many were fixed.

    One pass over the property elements; a parent is rebuilt only when its children
    are out of order or repeated (almost none are, and a report has thousands).
    """
    fixed = 0
    for parent in root.iter(*_RANKS):
        if len(parent) < 2:
            continue
        ranks = _RANKS[parent.tag]
        previous = -1
        in_order = True
        for child in parent:
            rank = ranks.get(child.tag, len(ranks))
            if rank <= previous and rank != len(ranks):
                in_order = False
                break
            previous = rank
        if in_order:
            continue
        children = list(parent)
        last: dict[str, etree._Element] = {}
        for child in children:
            if child.tag in ranks:
                last[child.tag] = child
        kept = [c for c in children if c.tag not in ranks or last[c.tag] is c]
        ordered = sorted(kept, key=lambda c: ranks.get(c.tag, len(ranks)))
        if ordered != children:
            fixed += 1
            for child in children:
                parent.remove(child)
            for child in ordered:
                parent.append(child)
    return fixed
