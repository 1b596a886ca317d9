"""Engagement packages and the team repository in the window: export, import, push, pull, conflicts.

The work runs in the background (``run_with_progress``: progress and Cancel); nothing is
written while the consultant settles conflicts in :class:`ConflictDialog`, and the merge
is written in one unit of work once every conflict has a choice.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.errors import present_error
from app.ui.i18n import current_language
from app.ui.tasks import TaskControl, run_with_progress

MIN_PASSWORD = 8


def _short_time(value: str | None) -> str:
    if not value:
        return ""
    return value.replace("T", " ")[:16]


class PackageExportDialog(QDialog):
    """Where to write the package, with or without a password, full or anonymised."""

    def __init__(self, engagement_name: str, suggested: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("packageExportDialog")
        self.engagement_name = engagement_name
        self.intro = QLabel(objectName="intro")
        self.intro.setWordWrap(True)
        self.path_edit = QLineEdit(suggested, objectName="packagePath")
        self.browse_button = QPushButton(objectName="browseButton")
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.password_check = QCheckBox(objectName="passwordCheck")
        self.password_edit = QLineEdit(objectName="passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit(objectName="confirmEdit")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.anonymise_check = QCheckBox(objectName="anonymiseCheck")
        self.anonymise_hint = QLabel(objectName="anonymiseHint")
        self.anonymise_hint.setWordWrap(True)
        self.anonymise_hint.setEnabled(False)  # greyed: an explanation, not a field
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.path_label, self.password_label, self.confirm_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.path_label, path_row)
        form.addRow("", self.password_check)
        form.addRow(self.password_label, self.password_edit)
        form.addRow(self.confirm_label, self.confirm_edit)
        form.addRow("", self.anonymise_check)
        form.addRow("", self.anonymise_hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for widget in (self.password_check, self.anonymise_check):
            widget.toggled.connect(self._update)
        for edit in (self.password_edit, self.confirm_edit, self.path_edit):
            edit.textChanged.connect(lambda _text: self.message.clear())
        self.retranslate_ui()
        self._update()
        self.setMinimumWidth(560)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Export engagement package"))
        self.intro.setText(self.tr("One file with \u201c%1\u201d: its answers, notes, evidence files and documents. "
                                   "Import it on another laptop, or into the team repository; it merges answer "
                                   "by answer.").replace("%1", self.engagement_name))
        self.path_label.setText(self.tr("File:"))
        self.browse_button.setText(self.tr("Browse..."))
        self.password_check.setText(self.tr("Protect with a password (encrypted)"))
        self.password_label.setText(self.tr("Password:"))
        self.confirm_label.setText(self.tr("Repeat password:"))
        self.password_edit.setPlaceholderText(self.tr("at least %1 characters").replace("%1", str(MIN_PASSWORD)))
        self.anonymise_check.setText(self.tr("Anonymised copy for benchmarking"))
        self.anonymise_hint.setText(self.tr("No names, notes, quotes or evidence files; the answers, scores, findings, "
                                            "plan and designs are kept without the words that name or quote anyone. "
                                            "Imported, it is a new engagement."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _update(self) -> None:
        on = self.password_check.isChecked()
        for widget in (self.password_edit, self.confirm_edit, self.password_label, self.confirm_label):
            widget.setEnabled(on)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export engagement package"), self.path_edit.text(),
                                                    self.tr("Engagement packages (*.omm)"))
        if path:
            self.path_edit.setText(path if path.lower().endswith(".omm") else path + ".omm")

    def _accept(self) -> None:
        path = self.path_edit.text().strip()
        if not path:
            self.message.setText(self.tr("Give a file name."))
            return
        if not path.lower().endswith(".omm"):
            self.path_edit.setText(path + ".omm")
        if self.password_check.isChecked():
            if len(self.password_edit.text()) < MIN_PASSWORD:
                self.message.setText(self.tr("The password needs at least %1 characters.")
                                     .replace("%1", str(MIN_PASSWORD)))
                return
            if self.password_edit.text() != self.confirm_edit.text():
                self.message.setText(self.tr("The two passwords differ."))
                return
        self.accept()

    def choice(self) -> tuple[Path, str | None, bool]:
        password = self.password_edit.text() if self.password_check.isChecked() else None
        return Path(self.path_edit.text().strip()).expanduser().absolute(), password, self.anonymise_check.isChecked()


class ConflictDialog(QDialog):
    """Every item changed on both sides, with both values and who changed them when; one choice per row."""

    COLUMNS = 5  # question, interviewee, local, incoming, choice

    def __init__(self, preview: Any, library: Any, local_name: str, incoming_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.preview = preview
        self.library = library
        self.local_name, self.incoming_name = local_name, incoming_name
        self.intro = QLabel(objectName="intro")
        self.intro.setWordWrap(True)
        self.table = QTableWidget(len(preview.conflicts), self.COLUMNS, objectName="conflictTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        # each value has a second line (who, when): never fewer than two lines a row
        self.table.verticalHeader().setMinimumSectionSize(self.fontMetrics().lineSpacing() * 2 + 10)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):  # both values side by side, wrapped: the question keeps the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, 250)
        header.sectionResized.connect(lambda *_args: self.table.resizeRowsToContents())
        self.combos: list[QComboBox] = []
        for row in range(len(preview.conflicts)):
            combo = QComboBox(objectName=f"choice{row}")
            combo.currentIndexChanged.connect(self._update)
            self.table.setCellWidget(row, 4, combo)
            self.combos.append(combo)
        self.keep_all = QPushButton(objectName="keepAll")
        self.take_all = QPushButton(objectName="takeAll")
        self.keep_all.clicked.connect(functools.partial(self._all, 1))
        self.take_all.clicked.connect(functools.partial(self._all, 2))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.keep_all)
        bottom.addWidget(self.take_all)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.retranslate_ui()
        self.resize(1000, 460)

    def retranslate_ui(self) -> None:
        from app.services.packages import conflict_subject, shown_value

        lang = current_language()
        self.setWindowTitle(self.tr("Settle conflicts"))
        self.intro.setText(self.tr("%1 item(s) of \u201c%2\u201d were changed on both sides since they were last "
                                   "exchanged. Choose for each which value to keep; nothing is written until you "
                                   "press OK.").replace("%1", str(len(self.preview.conflicts)))
                           .replace("%2", self.preview.engagement_name))
        self.table.setHorizontalHeaderLabels([self.tr("Question"), self.tr("Interviewee"), self.local_name,
                                              self.incoming_name, self.tr("Keep")])
        for row, conflict in enumerate(self.preview.conflicts):
            def cell(text: str, tip: str = "") -> QTableWidgetItem:
                item = QTableWidgetItem(text)
                item.setToolTip(tip or text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                return item

            def side(value: Any, who: str, when: str | None, conflict=conflict) -> str:
                shown = shown_value(self.library, conflict, value, lang)
                if len(shown) > 80:
                    shown = shown[:77] + "..."
                stamp = ", ".join(x for x in (who, _short_time(when)) if x)
                return f"{shown}\n{stamp}" if stamp else shown

            self.table.setItem(row, 0, cell(conflict_subject(self.library, conflict, lang), conflict.key))
            self.table.setItem(row, 1, cell(conflict.interviewee))
            self.table.setItem(row, 2, cell(side(conflict.local, conflict.local_by, conflict.local_at)))
            self.table.setItem(row, 3, cell(side(conflict.incoming, conflict.incoming_by, conflict.incoming_at)))
            combo = self.combos[row]
            index = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([self.tr("Choose..."), self.local_name, self.incoming_name])
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        self.table.resizeRowsToContents()
        self.keep_all.setText(self.tr("Keep all: %1").replace("%1", self.local_name))
        self.take_all.setText(self.tr("Keep all: %1").replace("%1", self.incoming_name))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # the columns have their widths now: wrap to them

    def _all(self, index: int) -> None:
        for combo in self.combos:
            combo.setCurrentIndex(index)

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            all(c.currentIndex() > 0 for c in self.combos))

    def choices(self) -> dict[str, str]:
        return {c.key: ("local" if combo.currentIndex() == 1 else "package")
                for c, combo in zip(self.preview.conflicts, self.combos, strict=True)
                if combo.currentIndex() > 0}


class PackageController(QObject):
    """The window's package and team-repository actions (the modal steps are methods tests replace)."""

    def __init__(self, window: Any) -> None:  # the MainWindow (not imported: it imports this module)
        super().__init__(window)
        self.window = window
        self.task = None

    # -- modal steps ------------------------------------------------------------------
    def ask_export(self, engagement_name: str, suggested: str) -> tuple[Path, str | None, bool] | None:
        dialog = PackageExportDialog(engagement_name, suggested, self.window)
        try:
            if self.window.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                return None
            return dialog.choice()
        finally:
            dialog.deleteLater()

    def ask_package_file(self) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(self.window, self.tr("Import engagement package"),
                                                    self.window.settings.export_folder,
                                                    self.tr("Engagement packages (*.omm);;All files (*)"))
        return path or None

    def ask_password(self, name: str) -> str | None:
        password, ok = QInputDialog.getText(self.window, self.tr("Password"),
                                            self.tr("Password of %1:").replace("%1", name),
                                            QLineEdit.EchoMode.Password)
        return password if ok and password else None

    def ask_choices(self, preview: Any, local_name: str, incoming_name: str) -> dict[str, str] | None:
        dialog = ConflictDialog(preview, self.window.context.library, local_name, incoming_name, self.window)
        try:
            if self.window.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                return None
            return dialog.choices()
        finally:
            dialog.deleteLater()

    def ask_team_engagement(self, names: list[str]) -> int | None:
        name, ok = QInputDialog.getItem(self.window, self.tr("Pull from the team repository"),
                                        self.tr("Engagement:"), names, 0, False)
        return names.index(name) if ok and name in names else None

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self.window, title, text)

    # -- export -----------------------------------------------------------------------
    def export_package(self, engagement_id: str) -> None:
        from app.services.engagements import get_engagement
        from app.ui.export_dialog import export_folder

        window = self.window
        repo = window.context.repo
        record = get_engagement(repo, engagement_id)
        safe = "".join(ch if ch.isalnum() or ch in " -_.()" else "_" for ch in record.name).strip()
        suggested = str(export_folder(window.settings.export_folder) / f"{safe}.omm")
        choice = self.ask_export(record.name, suggested)
        if choice is None:
            return
        path, password, anonymise = choice
        window.settings.export_folder = str(path.parent)

        def work(control: TaskControl):
            from app.services.packages import export_engagement

            return export_engagement(repo, engagement_id, path, password=password, anonymise=anonymise,
                                     progress=lambda done, total: control.progress(done, total),
                                     cancelled=lambda: control.cancelled)

        def done(result) -> None:
            window.status_message(self.tr("Package written: %1").replace("%1", str(result.path)))
            text = self.tr("%1 written (%2 MB): %3 answers, %4 evidence files.").replace("%1", str(result.path)) \
                .replace("%2", f"{result.size_bytes / 1e6:.1f}").replace("%3", str(result.answers)) \
                .replace("%4", str(result.evidence_files))
            if result.missing_files:
                text += "\n" + self.tr("Not on this machine, listed without the file: %1").replace(
                    "%1", ", ".join(result.missing_files))
            self.tell(self.tr("Export engagement package"), text)

        self.task = run_with_progress(window, work, done, self._failed, title=self.tr("Export engagement package"),
                                      label=self.tr("Writing %1...").replace("%1", path.name),
                                      on_cancelled=self._cancelled)

    # -- import -----------------------------------------------------------------------
    def import_package(self, path: str | None = None) -> None:
        from app.services.packages import is_password_protected

        path = path or self.ask_package_file()
        if not path:
            return
        password = None
        if is_password_protected(Path(path)):
            password = self.ask_password(Path(path).name)
            if password is None:
                return
        repo = self.window.context.repo

        def work(control: TaskControl):
            from app.services.packages import prepare_import

            return prepare_import(repo, Path(path), password=password,
                                  progress=lambda done, total: control.progress(done, total),
                                  cancelled=lambda: control.cancelled)

        self.task = run_with_progress(
            self.window, work, functools.partial(self._settle, repo, self.tr("This database"), Path(path).name),
            self._failed, title=self.tr("Import engagement package"),
            label=self.tr("Checking %1...").replace("%1", Path(path).name), on_cancelled=self._cancelled)

    def _settle(self, target, local_name: str, incoming_name: str, preview) -> None:
        """The merge is planned: ask for the conflicts' choices, then write it (or drop it)."""
        choices: dict[str, str] = {}
        if preview.conflicts:
            picked = self.ask_choices(preview, local_name, incoming_name)
            if picked is None:
                preview.discard()
                self.window.status_message(self.tr("Import cancelled; nothing was changed."))
                return
            choices = picked

        def work(control: TaskControl):
            from app.services.packages import apply_import

            control.progress(0, 0)
            try:
                return apply_import(target, preview, choices)
            finally:
                preview.discard()

        def done(result) -> None:
            self.window.refresh()
            if result.created:
                text = self.tr("Added \u201c%1\u201d.").replace("%1", result.engagement_name)
            elif result.changed:
                text = self.tr("Merged into \u201c%1\u201d: %2 item(s) changed, %3 conflict(s) settled.") \
                    .replace("%1", result.engagement_name).replace("%2", str(result.changed)) \
                    .replace("%3", str(result.conflicts_resolved))
            else:
                text = self.tr("\u201c%1\u201d already holds everything; nothing changed.") \
                    .replace("%1", result.engagement_name)
            self.window.status_message(text)
            self.tell(self.tr("Exchange finished"), text)

        self.task = run_with_progress(self.window, work, done, self._failed, title=self.tr("Merging"),
                                      label=self.tr("Writing the merge..."), serial=True)

    # -- team repository --------------------------------------------------------------
    def _team_url(self) -> tuple[str, str] | None:
        """The team repository's address (from the settings) and this session's password ("" for none)."""
        settings = self.window.settings
        if not settings.team_url:
            self.tell(self.tr("Team repository"),
                      self.tr("No team repository is set. Enter its address in Settings > Team repository."))
            return None
        return settings.team_url, settings.session_password

    def ask_team_password(self, shown_url: str, user: str, refused: bool) -> str | None:
        """The team repository's password (masked); kept in memory for the session, never saved."""
        text = self.tr("Password for %1 at the team repository\n%2:").replace("%1", user or "?") \
            .replace("%2", shown_url)
        if refused:
            text = self.tr("The password was refused.") + "\n\n" + text
        password, ok = QInputDialog.getText(self.window, self.tr("Team repository password"), text,
                                            QLineEdit.EchoMode.Password)
        return password if ok and password else None

    def _team_failed(self, retry, exc: BaseException, details: str) -> None:
        """A missing or refused password: ask for it and try again (Cancel stops); other errors as usual."""
        from app.services.packages import TeamPasswordNeeded

        if not isinstance(exc, TeamPasswordNeeded):
            self._failed(exc, details)
            return
        settings = self.window.settings
        settings.session_password = ""  # a refused one is not kept
        password = self.ask_team_password(exc.shown_url, exc.user, exc.refused)
        if password is None:
            self._cancelled()
            return
        settings.session_password = password
        retry()

    def push(self, engagement_id: str) -> None:
        team_url = self._team_url()
        if team_url is None:
            return
        url, password = team_url
        local = self.window.context.repo

        def work(control: TaskControl):
            from app.services.packages import open_team_repository, prepare_push

            control.progress(0, 0)
            team = open_team_repository(url, password or None)
            return team, prepare_push(local, team, engagement_id)

        self.task = run_with_progress(
            self.window, work, lambda result: self._settle(result[0], self.tr("Team repository"),
                                                           self.tr("This database"), result[1]),
            functools.partial(self._team_failed, functools.partial(self.push, engagement_id)),
            title=self.tr("Push to the team repository"),
            label=self.tr("Comparing with the team repository..."), on_cancelled=self._cancelled)

    def pull(self) -> None:
        team_url = self._team_url()
        if team_url is None:
            return
        url, password = team_url
        local = self.window.context.repo

        def listing(control: TaskControl):
            from app.services.packages import open_team_repository, team_engagements

            control.progress(0, 0)
            team = open_team_repository(url, password or None)
            return team, team_engagements(team)

        def chosen(result) -> None:
            team, rows = result
            if not rows:
                self.tell(self.tr("Pull from the team repository"), self.tr("The team repository holds no "
                                                                            "engagements yet."))
                return
            index = self.ask_team_engagement([f"{r.name} \u2014 {r.customer_name}" for r in rows])
            if index is None:
                return
            engagement_id = rows[index].id

            def work(control: TaskControl):
                from app.services.packages import prepare_pull

                control.progress(0, 0)
                return prepare_pull(local, team, engagement_id)

            self.task = run_with_progress(
                self.window, work, functools.partial(self._settle, local, self.tr("This database"),
                                                     self.tr("Team repository")),
                self._failed, title=self.tr("Pull from the team repository"),
                label=self.tr("Comparing with the team repository..."), on_cancelled=self._cancelled)

        self.task = run_with_progress(self.window, listing, chosen, functools.partial(self._team_failed, self.pull),
                                      title=self.tr("Pull from the team repository"),
                                      label=self.tr("Connecting to the team repository..."))

    # -- outcomes ---------------------------------------------------------------------
    def _failed(self, exc: BaseException, details: str) -> None:
        from app.services.packages import ExchangeCancelled

        if isinstance(exc, ExchangeCancelled):
            self._cancelled()
        else:
            present_error(exc, self.window, details=details)

    def _cancelled(self) -> None:
        self.window.status_message(self.tr("Cancelled; nothing was changed."))
