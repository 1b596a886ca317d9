"""The user's preferences and window state, and the Settings dialog.

Every QSettings key is spelled once, here, with its type and default, so no two
screens disagree about a key. Tests and ``omm screenshots`` call
:func:`use_settings_folder` first so they never read or write the user's real
settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QLocale, QSettings, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.reports import Branding
from app.ui.i18n import LANGUAGES

ORGANISATION = "omm"
APPLICATION = "O&M Maturity Workbench"


def use_settings_folder(folder: Path | str) -> None:
    """Keep every QSettings() of this process in ``folder`` (INI files), away from the user's own."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))


def system_language() -> str:
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


class Settings:
    """Typed access to the keys the application keeps between runs."""

    def __init__(self, store: QSettings | None = None) -> None:
        # INI everywhere (not the Windows registry): one readable file, and use_settings_folder() moves it.
        self.store = store if store is not None else QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, "workbench")
        # The team repository's password: asked when connecting and kept in memory until the
        # application quits; never written to the settings file (customer data is confidential).
        self.session_password = ""

    # -- preferences ---------------------------------------------------------
    @property
    def language(self) -> str:
        value = str(self.store.value("ui/language", "") or "")
        return value if value in LANGUAGES else system_language()

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}")
        self.store.setValue("ui/language", value)

    @property
    def consultant(self) -> str:
        return str(self.store.value("user/consultant", "") or "")

    @consultant.setter
    def consultant(self, value: str) -> None:
        self.store.setValue("user/consultant", value.strip())

    @property
    def asked_consultant(self) -> bool:
        """The first start asked for the consultant's name once (answered or not)."""
        return str(self.store.value("user/asked_consultant", "false")).lower() == "true"

    @asked_consultant.setter
    def asked_consultant(self, value: bool) -> None:
        self.store.setValue("user/asked_consultant", "true" if value else "false")

    @property
    def reopen_last(self) -> bool:
        return bool(self.store.value("ui/reopen_last", True, type=bool))

    @reopen_last.setter
    def reopen_last(self, value: bool) -> None:
        self.store.setValue("ui/reopen_last", bool(value))

    @property
    def export_folder(self) -> str:
        return str(self.store.value("export/folder", "") or "")

    @export_folder.setter
    def export_folder(self, value: str) -> None:
        self.store.setValue("export/folder", value)

    @property
    def team_url(self) -> str:
        """The team repository (a PostgreSQL URL, without its password)."""
        return str(self.store.value("team/url", "") or "")

    @team_url.setter
    def team_url(self, value: str) -> None:
        self.store.setValue("team/url", value.strip())

    def remove_stored_secrets(self) -> bool:
        """Take a team repository password out of the settings file (earlier versions kept it there in clear).

        The password moves to :attr:`session_password` (memory, this run only); the file
        keeps the address without it. True when something was removed: the window says so once.
        """
        found = ""
        if self.store.contains("team/password"):
            found = str(self.store.value("team/password", "") or "")
            self.store.remove("team/password")
        url = str(self.store.value("team/url", "") or "")
        in_url = ""
        if "@" in url or "password" in url.lower():  # (the start-up of most people imports nothing for this)
            from app.services.packages import split_team_url

            clean, in_url = split_team_url(url)
            if in_url:
                self.store.setValue("team/url", clean)
        removed = bool(found or in_url)
        if removed:
            self.session_password = self.session_password or in_url or found
            self.store.sync()
        return removed

    @property
    def consultancy_name(self) -> str:
        """The consultancy's name on report covers ("" : no name, nothing invented)."""
        return str(self.store.value("reports/consultancy_name", "") or "")

    @consultancy_name.setter
    def consultancy_name(self, value: str) -> None:
        self.store.setValue("reports/consultancy_name", " ".join(value.split()))

    @property
    def consultancy_logo(self) -> str:
        """The path of the consultancy's logo (PNG or JPEG) for report covers; "" for the template's mark."""
        return str(self.store.value("reports/consultancy_logo", "") or "")

    @consultancy_logo.setter
    def consultancy_logo(self, value: str) -> None:
        self.store.setValue("reports/consultancy_logo", value.strip())

    def report_branding(self) -> Branding:
        """The name and logo for the covers, the logo read and checked now (UserError in one line if it broke)."""
        from app.services.reports import load_branding

        return load_branding(self.consultancy_name, self.consultancy_logo or None)

    # -- window state ----------------------------------------------------------
    @property
    def geometry(self) -> QByteArray | None:
        value = self.store.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        value = self.store.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.store.setValue("window/state", value)

    @property
    def last_engagement_id(self) -> str | None:
        return str(self.store.value("session/last_engagement", "") or "") or None

    @last_engagement_id.setter
    def last_engagement_id(self, value: str | None) -> None:
        if value:
            self.store.setValue("session/last_engagement", value)
        else:
            self.store.remove("session/last_engagement")

    @property
    def engagement_was_open(self) -> bool:
        """Whether the window closed on an engagement (reopened then) or on the list."""
        return bool(self.store.value("session/engagement_was_open", False, type=bool))

    @engagement_was_open.setter
    def engagement_was_open(self, value: bool) -> None:
        self.store.setValue("session/engagement_was_open", bool(value))

    def sync(self) -> None:
        self.store.sync()


class SettingsDialog(QDialog):
    """Language, the consultant's name and start-up behaviour. The caller applies the result."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.settings = settings
        self.language_combo = QComboBox(objectName="languageCombo")
        for code, name in LANGUAGES.items():
            # Each language named in itself: someone who cannot read the current one can still find theirs.
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        self.consultant_edit = QLineEdit(settings.consultant, objectName="consultantEdit")
        self.reopen_check = QCheckBox(objectName="reopenCheck")
        self.reopen_check.setChecked(settings.reopen_last)
        self.team_edit = QLineEdit(settings.team_url, objectName="teamUrlEdit")
        self.team_password_edit = QLineEdit(settings.session_password, objectName="teamPasswordEdit")
        self.team_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.team_label = QLabel(objectName="teamHeading")
        self.team_url_label = QLabel()
        self.team_password_label = QLabel()
        self.team_password_hint = QLabel(objectName="teamPasswordHint")
        self.team_password_hint.setWordWrap(True)
        self.team_password_hint.setEnabled(False)  # greyed: an explanation, not a field
        self.language_label = QLabel()
        self.consultant_label = QLabel()
        # The consultancy's name and logo on report covers (checked on OK: a bad logo keeps the dialog open).
        self.reports_label = QLabel(objectName="reportsHeading")
        self.consultancy_label = QLabel()
        self.consultancy_edit = QLineEdit(settings.consultancy_name, objectName="consultancyEdit")
        self.consultancy_edit.setMaxLength(120)  # what load_branding accepts
        self.logo_label = QLabel()
        self.logo_edit = QLineEdit(settings.consultancy_logo, objectName="logoEdit")
        self.logo_edit.textChanged.connect(self._logo_changed)
        self.logo_button = QPushButton(objectName="logoButton")
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_clear = QPushButton(objectName="logoClear")
        self.logo_clear.clicked.connect(self.logo_edit.clear)
        self.logo_preview = QLabel(objectName="logoPreview")
        self.logo_preview.setFixedHeight(48)
        self.logo_error = QLabel(objectName="logoError")
        self.logo_error.setWordWrap(True)
        self.logo_error.setStyleSheet("color: #B00020;")
        self.logo_error.hide()
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.logo_clear)
        self.hint = QLabel(objectName="hint")
        self.hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.language_label, self.language_combo)
        form.addRow(self.consultant_label, self.consultant_edit)
        form.addRow("", self.reopen_check)
        form.addRow(self.team_label)
        form.addRow(self.team_url_label, self.team_edit)
        form.addRow(self.team_password_label, self.team_password_edit)
        form.addRow("", self.team_password_hint)
        form.addRow(self.reports_label)
        form.addRow(self.consultancy_label, self.consultancy_edit)
        form.addRow(self.logo_label, logo_row)
        form.addRow("", self.logo_preview)
        form.addRow("", self.logo_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self._logo_changed()
        self.setMinimumWidth(520)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.language_label.setText(self.tr("Interface language:"))
        self.consultant_label.setText(self.tr("Your name (consultant):"))
        self.consultant_edit.setPlaceholderText(self.tr("Recorded with every answer you enter"))
        self.reopen_check.setText(self.tr("Reopen the last engagement at start-up"))
        self.team_label.setText("<b>" + self.tr("Team repository") + "</b>")
        self.team_url_label.setText(self.tr("Address:"))
        self.team_edit.setPlaceholderText("postgresql://user@server:5432/omm")
        self.team_edit.setToolTip(self.tr("The PostgreSQL database the team shares; File > Push and Pull "
                                          "exchange engagements with it"))
        self.team_password_label.setText(self.tr("Password:"))
        self.team_password_edit.setPlaceholderText(self.tr("asked when connecting"))
        self.team_password_hint.setText(self.tr("Never saved: kept until you quit, asked again at the next start. "
                                                "Leave it empty to use your PostgreSQL password file (~/.pgpass "
                                                "or PGPASSFILE) or a service file (?service=NAME)."))
        self.hint.setText(self.tr("The language applies at once to menus and screens. Questionnaire and "
                                  "model texts follow it; each engagement keeps its own report language."))
        self.reports_label.setText("<b>" + self.tr("Report covers") + "</b>")
        self.consultancy_label.setText(self.tr("Consultancy name:"))
        self.consultancy_edit.setPlaceholderText(self.tr("None: the covers name no firm"))
        self.logo_label.setText(self.tr("Logo:"))
        self.logo_edit.setPlaceholderText(self.tr("None: the template's neutral mark"))
        self.logo_edit.setToolTip(self.tr("A PNG or JPEG image of at most 2 MB, shown on the cover of every report"))
        self.logo_button.setText(self.tr("Choose..."))
        self.logo_clear.setText(self.tr("Remove"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Choose the consultancy's logo"),
                                                    self.logo_edit.text(), self.tr("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.logo_edit.setText(path)

    def _logo_changed(self) -> None:
        """The preview of the chosen logo, or the reason it cannot be used."""
        self.logo_error.hide()
        self.logo_preview.clear()
        self.logo_preview.hide()
        path = self.logo_edit.text().strip()
        if not path:
            self._fit()
            return
        try:
            self.branding()
        except UserError as exc:
            self._show_logo_error(str(exc))
            return
        pixmap = QPixmap(path)
        if not pixmap.isNull():
            self.logo_preview.setPixmap(pixmap.scaled(180, 48, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))
            self.logo_preview.show()
        self._fit()

    def _show_logo_error(self, message: str) -> None:
        self.logo_error.setText(self.tr("This logo cannot be used: %1").replace("%1", message))
        self.logo_error.show()
        self._fit()

    def _fit(self) -> None:
        """Room for the preview or the message (a shown message must not be cut off)."""
        if self.isVisible():
            self.adjustSize()

    def branding(self) -> Branding:
        """What the dialog shows, checked (UserError naming the problem)."""
        from app.services.reports import load_branding

        return load_branding(self.consultancy_edit.text(), self.logo_edit.text().strip() or None)

    def accept(self) -> None:
        """OK keeps the dialog open on a logo that cannot be used: nothing is stored then."""
        try:
            self.branding()
        except UserError as exc:
            self._show_logo_error(str(exc))
            self.logo_edit.setFocus()
            return
        super().accept()

    @property
    def chosen_language(self) -> str:
        return str(self.language_combo.currentData())

    def apply(self) -> None:
        """Store what the dialog shows (the caller then switches the language)."""
        self.settings.language = self.chosen_language
        self.settings.consultant = self.consultant_edit.text()
        self.settings.reopen_last = self.reopen_check.isChecked()
        from app.services.packages import split_team_url

        # a password typed into the address is taken out of it: the file keeps the address only
        url, in_url = split_team_url(self.team_edit.text())
        typed = self.team_password_edit.text()
        if url != self.settings.team_url and typed == self.settings.session_password:
            typed = ""  # another server: the password of the previous one is not sent to it
        self.settings.team_url = url
        self.settings.session_password = in_url or typed
        self.settings.consultancy_name = self.consultancy_edit.text()
        self.settings.consultancy_logo = self.logo_edit.text()
        self.settings.sync()
