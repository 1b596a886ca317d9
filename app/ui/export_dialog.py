"""Export > report: choose language, format and file, with a preview of what the report will hold.

The preview comes from ``app.services.reports.describe`` (the same context the
report is built from, without drawing or writing anything), computed in a worker so
the dialog never freezes on a large engagement.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services.reports import ReportOptions
from app.ui.context import AppContext

FORMATS = (".docx", ".xlsx")


def _formats_of(kind: str) -> tuple[str, ...]:
    from app.services.reports import report_kinds

    found = next((k for k in report_kinds() if k.id == kind), None)
    return found.formats if found is not None and found.formats else FORMATS


@dataclass(frozen=True)
class ExportChoice:
    path: str
    lang: str
    # Interviewee names or roles, and the document control on the cover and in the file's properties.
    options: ReportOptions = field(default_factory=ReportOptions)


class ExportDialog(QDialog):
    def __init__(self, context: AppContext, engagement_id: str, kind: str, suggested_path: str, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.engagement_id = engagement_id
        self.kind = kind
        self.outline = None
        self._task = None
        self.setWindowTitle(self.tr("Export report"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.lang_combo = QComboBox()
        self.lang_combo.addItem("English", "en")
        self.lang_combo.addItem("简体中文", "zh")
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(lang)))
        self.format_combo = QComboBox()
        from app.services.reports import report_kinds

        # a kind written as a set of files (the process templates) goes into a folder
        self.folder_mode = any(k.id == kind and k.writes_folder for k in report_kinds())
        if self.folder_mode:
            self.format_combo.addItem(self.tr("Word and Excel files in a folder"), "folder")
        else:
            self.format_combo.addItem(self.tr("Word document (.docx)"), ".docx")
            self.format_combo.addItem(self.tr("Excel workbook (.xlsx)"), ".xlsx")
        offered = _formats_of(kind)
        for index in reversed(range(self.format_combo.count())):  # a kind written in one format offers only that
            if self.format_combo.itemData(index) not in offered and not self.folder_mode:
                self.format_combo.removeItem(index)
        suffix = Path(suggested_path).suffix.lower()
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(suffix)))
        self.path_edit = QLineEdit(suggested_path)
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form.addRow(self.tr("Language:"), self.lang_combo)
        form.addRow(self.tr("Format:"), self.format_combo)
        form.addRow(self.tr("Folder:") if self.folder_mode else self.tr("File:"), path_row)
        # Confidential by default: interviewees named by role unless the consultant chooses names.
        self.names_combo = QComboBox(objectName="namesCombo")
        self.names_combo.addItem(self.tr("By role (anonymised)"), False)
        self.names_combo.addItem(self.tr("By name (the customer agreed)"), True)
        self.version_edit = QLineEdit("1.0", objectName="versionEdit")
        self.version_edit.setMaximumWidth(90)
        self.status_combo = QComboBox(objectName="statusCombo")
        self.status_combo.addItem(self.tr("Draft"), "draft")
        self.status_combo.addItem(self.tr("Final"), "final")
        self.reviewer_edit = QLineEdit(objectName="reviewerEdit")
        self.reviewer_edit.setPlaceholderText(self.tr("Reviewer (on the cover)"))
        control_row = QHBoxLayout()
        control_row.addWidget(self.version_edit)
        control_row.addWidget(self.status_combo)
        control_row.addWidget(self.reviewer_edit, 1)
        form.addRow(self.tr("Interviewees:"), self.names_combo)
        form.addRow(self.tr("Version, status, reviewer:"), control_row)
        layout.addLayout(form)
        self.preview = QTextBrowser()
        self.preview.setMinimumSize(560, 320)
        layout.addWidget(self.preview, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.lang_combo.currentIndexChanged.connect(self._refresh)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self._refresh()

    # -- choices ------------------------------------------------------------------
    @property
    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    @property
    def lang(self) -> str:
        return str(self.lang_combo.currentData())

    def choice(self) -> ExportChoice:
        return ExportChoice(self._path_with_suffix(), self.lang, self.options())

    def options(self) -> ReportOptions:
        """What the consultant chose for this document: names or roles, version, status, reviewer."""
        return ReportOptions(show_names=bool(self.names_combo.currentData()),
                             version=self.version_edit.text().strip() or "1.0",
                             status=str(self.status_combo.currentData()),
                             reviewer=self.reviewer_edit.text().strip())

    def _path_with_suffix(self) -> str:
        path = Path(self.path_edit.text().strip())
        if self.folder_mode:
            return str(path)
        return str(path.with_suffix(self.fmt)) if path.suffix.lower() != self.fmt else str(path)

    def _format_changed(self) -> None:
        if self.path_edit.text().strip():
            self.path_edit.setText(self._path_with_suffix())
        self._refresh()

    def _browse(self) -> None:
        if self.folder_mode:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Export report"), self.path_edit.text())
            if folder:
                self.path_edit.setText(folder)
            return
        filters = self.tr("Word document (*.docx)") if self.fmt == ".docx" else self.tr("Excel workbook (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"), self.path_edit.text(), filters)
        if path:
            self.path_edit.setText(path)
            self.path_edit.setText(self._path_with_suffix())

    def _accept(self) -> None:
        if not self.path_edit.text().strip():
            self.path_edit.setFocus()
            message = self.tr("Choose a folder to write into.") if self.folder_mode else self.tr(
                "Choose a file to write.")
            self.preview.setHtml(f"<p style='color:#b00020'>{html.escape(message)}</p>")
            return
        folder = Path(self._path_with_suffix()).parent
        if not folder.is_dir():
            self.preview.setHtml("<p style='color:#b00020'>" + html.escape(
                self.tr("The folder %1 does not exist.").replace("%1", str(folder))) + "</p>")
            return
        self.accept()

    # -- preview -------------------------------------------------------------------
    def _refresh(self) -> None:
        from app.ui.tasks import run_task

        waiting = self.tr("Preparing the preview...")
        self.preview.setHtml(f"<p><i>{html.escape(waiting)}</i></p>")
        library, repo, engagement_id, kind = self.context.library, self.context.repo, self.engagement_id, self.kind
        lang, fmt = self.lang, self.fmt
        if self._task is not None:
            self._task.cancel()

        def describe(_control):
            from app.services.reports import describe as describe_report

            return describe_report(library, repo, engagement_id, kind, lang, fmt)

        self._task = run_task(describe, self._show_outline, self._show_error, owner=self)

    def refresh_now(self) -> None:
        """The preview computed on the calling thread (tests)."""
        from app.services.reports import describe as describe_report

        self._show_outline(describe_report(self.context.library, self.context.repo, self.engagement_id,
                                           self.kind, self.lang, self.fmt))

    def _show_error(self, exc: BaseException, _details: str) -> None:
        self.preview.setHtml(f"<p style='color:#b00020'>{html.escape(str(exc))}</p>")

    def _show_outline(self, outline) -> None:
        if outline.lang != self.lang or outline.format != self.fmt:
            return  # an older request finished after the choice changed
        self.outline = outline
        e = html.escape
        parts = [f"<h3>{e(outline.title)}</h3>", f"<p>{e(outline.customer)} · {e(outline.engagement)}</p>",
                 "<p>" + e(self.tr("%1 interviewees, %2 answers, %3 domains")
                          .replace("%1", str(outline.interviewees)).replace("%2", str(outline.answers))
                          .replace("%3", str(outline.domains))) + "</p>"]

        def listing(title: str, items) -> None:
            if items:
                parts.append(f"<b>{e(title)}</b><ul>" + "".join(f"<li>{e(str(i))}</li>" for i in items) + "</ul>")

        listing(self.tr("Models"), outline.models)
        listing(self.tr("Sections"), outline.sections)
        listing(self.tr("Sheets"), outline.sheets)
        listing(self.tr("Charts"), outline.charts)
        listing(self.tr("Not assessed (shown as such)"), outline.not_assessed)
        listing(self.tr("Notes"), outline.notices)
        if outline.format == ".docx":
            template_label = self.tr("Template:")
            parts.append(f"<p><small>{e(template_label)} {e(outline.template)}</small></p>")
        self.preview.setHtml("".join(parts))


def export_folder(remembered: str) -> Path:
    """Where a report is suggested: the last folder used if it still exists, else the user's Documents.

    Never the program's working folder: a relative or missing remembered folder (older
    versions stored ".") falls back to Documents, then to the home folder.
    """
    from PySide6.QtCore import QStandardPaths

    if remembered:
        folder = Path(remembered).expanduser()
        if folder.is_absolute() and folder.is_dir():
            return folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def offer_to_open(parent: QWidget, path: Path) -> None:
    """After an export: open the file, open its folder, or just close."""
    from PySide6.QtCore import QCoreApplication

    from app.ui.errors import exec_box

    # literal context and text on every call, so that pyside6-lupdate finds them
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("ExportDialog", "Report written"))
    box.setText(QCoreApplication.translate("ExportDialog", "The report was written to %1").replace("%1", str(path)))
    open_file = box.addButton(QCoreApplication.translate("ExportDialog", "Open file"),
                              QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton(QCoreApplication.translate("ExportDialog", "Show in folder"),
                                QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    exec_box(box)
    clicked = box.clickedButton()
    if clicked is open_file:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    elif clicked is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
