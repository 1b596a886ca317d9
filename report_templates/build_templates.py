"""Regenerate the default Word templates in this folder.

    .venv/bin/python report_templates/build_templates.py [OUTDIR]

Writes <kind>.<lang>.docx for every report kind and language. The files are
committed so a consultancy can open them in Word and change fonts, colours, the
logo (right-click > Change Picture), the cover page and any wording; keep the
{{ ... }} and {%p ... %} tags intact. Running this script again overwrites such
edits, so point it at another folder (and OMM_TEMPLATE_DIR or --templates at
yours) once the templates are your own.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.reports.templates import write_all  # noqa: E402


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for path in write_all(target):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
