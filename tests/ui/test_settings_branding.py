"""Settings > Report covers: the consultancy's name and logo, checked before anything is stored."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from app.ui.settings import Settings, SettingsDialog


def _png(path: Path, size: tuple[int, int] = (360, 90)) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


def test_a_good_logo_is_previewed_and_stored_with_the_name(qtbot, settings, tmp_path):
    logo = _png(tmp_path / "logo.png")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.consultancy_edit.text() == "" and dialog.logo_edit.text() == ""
    dialog.consultancy_edit.setText("  Northwind   Advisory ")
    dialog.logo_edit.setText(str(logo))
    assert not dialog.logo_preview.pixmap().isNull() and not dialog.logo_preview.isHidden()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.apply()
    assert settings.consultancy_name == "Northwind Advisory" and settings.consultancy_logo == str(logo)
    branding = settings.report_branding()
    assert branding.name == "Northwind Advisory" and branding.logo == logo.read_bytes()
    reopened = SettingsDialog(settings)
    qtbot.addWidget(reopened)
    assert reopened.consultancy_edit.text() == "Northwind Advisory" and reopened.logo_edit.text() == str(logo)


def test_a_bad_logo_keeps_the_dialog_open_and_changes_nothing(qtbot, settings, tmp_path):
    settings.consultancy_name = "Old name"
    settings.sync()
    before = (tmp_path / "s.ini").read_bytes()
    bad = tmp_path / "notes.png"
    bad.write_text("not a picture", encoding="utf-8")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.consultancy_edit.setText("New name")
    dialog.logo_edit.setText(str(bad))
    assert not dialog.logo_error.isHidden()
    assert dialog.logo_error.text() == f"This logo cannot be used: the logo {bad} is not a PNG or JPEG image"
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.reject()
    settings.sync()
    assert (tmp_path / "s.ini").read_bytes() == before and settings.consultancy_name == "Old name"
    dialog.logo_edit.clear()  # removing the logo clears the message
    assert dialog.logo_error.isHidden()


def test_a_logo_that_broke_since_it_was_chosen_is_reported_when_exporting(settings, tmp_path):
    from app.errors import UserError

    logo = _png(tmp_path / "logo.png")
    settings.consultancy_logo = str(logo)
    assert settings.report_branding().logo == logo.read_bytes()
    logo.unlink()
    with pytest.raises(UserError, match="does not exist"):
        settings.report_branding()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_settings_dialog_pictures(qtbot, settings, tmp_path, lang):
    """The dialog with a name, a logo and a refused one, as PNGs for a person to look at."""
    from app.ui.i18n import set_language

    set_language(lang)
    folder = Path(os.environ.get("OMM_SETTINGS_SHOTS", tmp_path))
    folder.mkdir(exist_ok=True)
    logo = _png(tmp_path / "logo.png")
    settings.consultancy_name = "Northwind Advisory 北风咨询"
    settings.consultancy_logo = str(logo)
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(50)
    assert dialog.grab().save(str(folder / f"settings-covers-{lang}.png"))
    bad = tmp_path / "huge.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 1024 * 1024))
    dialog.logo_edit.setText(str(bad))
    qtbot.wait(50)
    assert not dialog.logo_error.isHidden()
    assert dialog.grab().save(str(folder / f"settings-covers-refused-{lang}.png"))
    set_language("en")
