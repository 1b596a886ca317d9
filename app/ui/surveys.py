"""Survey workbooks in the window: export a role's form, import filled forms (button or drag and drop).

The work runs off the UI thread (``run_task``) and goes through ``app.services.surveys``:
every file is checked first; problems are listed with their file, sheet and cell and
nothing is imported; a form that would replace a respondent's earlier one is imported
only after the user confirms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services import surveys
from app.services.engagements import get_engagement
from app.ui.context import AppContext
from app.ui.errors import present_error


def xlsx_paths(urls: Sequence[object]) -> list[Path]:
    """The local .xlsx files among dropped URLs (QUrl objects)."""
    out = []
    for url in urls:
        if getattr(url, "isLocalFile", lambda: False)():
            path = Path(url.toLocalFile())  # type: ignore[attr-defined]
            if path.suffix.lower() == ".xlsx":
                out.append(path)
    return out


class SurveyExportDialog(QDialog):
    """Which role track, in which language: the form goes to a file chosen next."""

    def __init__(self, context: AppContext, engagement_id: str, role: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyExportDialog")
        self.context = context
        self.engagement = get_engagement(context.repo, engagement_id)
        self.role_combo = QComboBox(objectName="surveyRoleCombo")
        self.lang_combo = QComboBox(objectName="surveyLangCombo")
        catalogue = context.library.catalogue
        names = {r.id: r.name for r in catalogue.roles} if catalogue else {}
        for role_id in surveys.survey_roles(context.library, self.engagement):
            text = context.text(names[role_id]) if role_id in names else role_id
            self.role_combo.addItem(text, role_id)
        if role is not None and self.role_combo.findData(role) >= 0:
            self.role_combo.setCurrentIndex(self.role_combo.findData(role))
        self.lang_combo.addItem("English", "en")
        self.lang_combo.addItem("中文", "zh")
        lang = self.engagement.language if self.engagement.language in ("en", "zh") else "en"
        self.lang_combo.setCurrentIndex(self.lang_combo.findData(lang))
        self.intro = QLabel(objectName="surveyExportIntro")
        self.intro.setWordWrap(True)
        form = QFormLayout()
        self.role_label, self.lang_label = QLabel(), QLabel()
        form.addRow(self.role_label, self.role_combo)
        form.addRow(self.lang_label, self.lang_combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self.resize(520, self.sizeHint().height())

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Survey form"))
        self.intro.setText(self.tr("An Excel workbook for the customer's staff to fill in: the questions of one role, "
                              "each with a drop-down of the allowed answers, in the respondent's language. "
                              "Import the filled forms with Import surveys or by dropping them on the window."))
        self.role_label.setText(self.tr("Role:"))
        self.lang_label.setText(self.tr("Language:"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @property
    def role(self) -> str:
        return self.role_combo.currentData()

    @property
    def lang(self) -> str:
        return self.lang_combo.currentData()


class SurveyFlow(QObject):
    """Export and import for one window or tab; dialogs go through methods tests replace."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.widget = parent
        self.task = None
        self.last_result: surveys.SurveyImport | None = None

    # -- what tests replace ------------------------------------------------------
    def exec_dialog(self, dialog: QDialog) -> int:
        return dialog.exec()

    def ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self.widget, self.tr("Save survey form"), suggested,
                                              self.tr("Excel workbook (*.xlsx)"))
        return path

    def ask_open_paths(self, folder: str) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(self.widget, self.tr("Import filled survey forms"), folder,
                                                self.tr("Excel workbooks (*.xlsx)"))
        return paths

    def confirm_replace(self, text: str) -> bool:
        answer = QMessageBox.question(self.widget, self.tr("Replace earlier survey answers?"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def show_problems(self, summary: str, lines: list[str]) -> None:
        dialog = QDialog(self.widget, objectName="surveyProblemsDialog")
        dialog.setWindowTitle(self.tr("Nothing was imported"))
        label = QLabel(summary)
        label.setWordWrap(True)
        text = QPlainTextEdit(objectName="surveyProblemsText")
        text.setReadOnly(True)
        text.setPlainText("\n".join(lines))
        text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(label)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
        dialog.resize(760, 420)
        self.exec_dialog(dialog)
        dialog.deleteLater()

    def tell(self, text: str) -> None:
        QMessageBox.information(self.widget, self.tr("Survey forms imported"), text)

    # -- export ------------------------------------------------------------------
    def export(self, engagement_id: str, role: str | None = None,
               on_written: Callable[[Path], object] | None = None) -> None:
        from app.ui.export_dialog import export_folder
        from app.ui.settings import Settings
        from app.ui.tasks import run_task

        dialog = SurveyExportDialog(self.context, engagement_id, role, self.widget)
        if dialog.role_combo.count() == 0:
            present_error(ValueError(self.tr("No questionnaire of this engagement names a role.")), self.widget)
            return
        accepted = self.exec_dialog(dialog)
        role, lang = dialog.role, dialog.lang
        engagement = dialog.engagement
        dialog.deleteLater()
        if not accepted:
            return
        settings = Settings()
        name = surveys.survey_file_name(self.context.library, engagement, role, lang)
        path = self.ask_save_path(str(export_folder(settings.export_folder) / name))
        if not path:
            return
        out = Path(path).expanduser().absolute()
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        settings.export_folder = str(out.parent)
        library, repo = self.context.library, self.context.repo

        def write(_control):
            return surveys.export_survey(library, repo, engagement_id, role, out, lang)

        def done(written) -> None:
            if on_written is not None:
                on_written(Path(written))

        self.task = run_task(write, done, lambda exc, details: present_error(exc, self.widget, details=details),
                             owner=self.widget)

    # -- import ------------------------------------------------------------------
    def choose_and_import(self, engagement_id: str, on_imported: Callable[[], object] | None = None) -> None:
        from app.ui.export_dialog import export_folder
        from app.ui.settings import Settings

        paths = self.ask_open_paths(str(export_folder(Settings().export_folder)))
        if paths:
            self.import_files(engagement_id, [Path(p) for p in paths], on_imported)

    def import_files(self, engagement_id: str, paths: Sequence[Path],
                     on_imported: Callable[[], object] | None = None) -> None:
        """Check every file in the background; then list the problems, or confirm a replacement and import."""
        from app.ui.tasks import run_with_progress

        library, repo = self.context.library, self.context.repo
        files = list(paths)
        consultant = self.context.consultant

        def work(control, replace: bool):
            return surveys.import_surveys(library, repo, engagement_id, files, replace=replace,
                                          answered_by=consultant,
                                          progress=lambda percent, text: control.progress(percent, 100, text),
                                          cancelled=lambda: control.check_cancelled() or False)

        def finished(result: surveys.SurveyImport, replace: bool) -> None:
            self.last_result = result
            if not result.ok:
                self.show_problems(
                    self.tr("%n problem(s) in the forms. Nothing was imported: fix the forms (or ask the respondents "
                       "to) and import them again.", "", len(result.problems)), result.problem_lines())
                return
            if not result.imported and result.replacements and not replace:
                lines = "\n".join(surveys.describe_replacement(f) for f in result.replacements)
                text = self.tr("These respondents already answered a survey; their newer forms would replace the "
                          "earlier answers:") + "\n\n" + lines
                if self.confirm_replace(text):
                    start(replace=True)
                return
            summary = [self.tr("%n new respondent(s)", "", len(result.new)),
                       self.tr("%n replaced", "", len(result.replacements)),
                       self.tr("%n unchanged (imported before)", "", len(result.unchanged))]
            if on_imported is not None:
                on_imported()
            self.tell(self.tr("Imported %n form(s): %1.", "", len(result.forms)).replace("%1", ", ".join(summary)))

        def start(replace: bool) -> None:
            self.task = run_with_progress(
                self.widget, lambda control: work(control, replace), lambda r: finished(r, replace),
                lambda exc, details: present_error(exc, self.widget, details=details),
                title=self.tr("Import surveys"), label=self.tr("Reading the survey forms..."), serial=True)

        start(replace=False)
