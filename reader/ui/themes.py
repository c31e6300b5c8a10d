"""Light, dark and sepia themes (following the desktop by default), reading font, zoom and
line width: applied to the whole application and remembered in settings."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from reader.core.store.paths import bundled_dir
from reader.ui.reading.view import ReadingView

if TYPE_CHECKING:
    from reader.ui.actions.qactions import Handlers

THEME_NAMES = ("system", "light", "dark", "sepia")

COLORS: dict[str, dict[str, str]] = {
    "light": {
        "window": "#f3f3f5",
        "base": "#ffffff",
        "alternate": "#f6f7f9",
        "text": "#1f2328",
        "muted": "#636c76",
        "frame": "#d0d7de",
        "accent": "#1f6feb",
        "paper": "#ffffff",
        "ink": "#1b1b1b",
        "selection": "#cfe2ff",
        "selection_strong": "#1f6feb",
        "selection_text": "#ffffff",
        "warning": "#b3261e",
    },
    "dark": {
        "window": "#1e1f22",
        "base": "#26282c",
        "alternate": "#2b2d31",
        "text": "#e3e3e6",
        "muted": "#9aa0a8",
        "frame": "#3d4046",
        "accent": "#5aa2ff",
        "paper": "#202124",
        "ink": "#e6e3dd",
        "selection": "#2f4a70",
        "selection_strong": "#3a6fc4",
        "selection_text": "#ffffff",
        "warning": "#ff8a80",
    },
    "sepia": {
        "window": "#ede3cf",
        "base": "#f8f0df",
        "alternate": "#f2e8d4",
        "text": "#3b2f22",
        "muted": "#7a6650",
        "frame": "#d5c4a5",
        "accent": "#9a5b13",
        "paper": "#f6eedb",
        "ink": "#3b2f22",
        "selection": "#e9d3a6",
        "selection_strong": "#9a5b13",
        "selection_text": "#fff8ea",
        "warning": "#a1260d",
    },
}


@cache
def _template() -> str:
    return (bundled_dir("resources") / "themes" / "base.qss").read_text(encoding="utf-8")


def stylesheet(theme: str) -> str:
    text = _template()
    for name, value in COLORS[theme].items():
        text = text.replace(f"@{name}@", value)
    return text


def palette(theme: str) -> QPalette:
    colors = {k: QColor(v) for k, v in COLORS[theme].items()}
    result = QPalette()
    role = QPalette.ColorRole
    for target, source in (
        (role.Window, "window"),
        (role.WindowText, "text"),
        (role.Base, "base"),
        (role.AlternateBase, "alternate"),
        (role.Text, "text"),
        (role.Button, "alternate"),
        (role.ButtonText, "text"),
        (role.Highlight, "selection_strong"),
        (role.HighlightedText, "selection_text"),
        (role.PlaceholderText, "muted"),
        (role.ToolTipBase, "base"),
        (role.ToolTipText, "text"),
        (role.Link, "accent"),
        (role.Mid, "frame"),
        (role.Midlight, "frame"),
        (role.Dark, "frame"),
    ):
        result.setColor(target, colors[source])
    for disabled in (role.Text, role.WindowText, role.ButtonText):
        result.setColor(QPalette.ColorGroup.Disabled, disabled, colors["muted"])
    return result


def _number(value: object, default: float) -> float:
    """A number from settings (stored as text in the INI file); the default if unreadable."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def system_theme() -> str:
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


class ReadingAppearance(QObject):
    """The chosen theme, font, zoom and line width; applies them and persists each change."""

    theme_applied = Signal(str)
    """The effective theme now on screen ('light', 'dark' or 'sepia')."""

    def __init__(
        self, view: ReadingView, settings: QSettings, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.settings = settings
        stored = settings.value("view/theme", "system")
        self.theme = stored if stored in THEME_NAMES else "system"
        self.effective = ""
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.on_system_scheme_changed)
        self._restore_font()
        self.apply()

    def _restore_font(self) -> None:
        family = self.settings.value("view/font_family", "")
        size = _number(self.settings.value("view/font_size"), 0.0)
        if isinstance(family, str) and family and size > 0:
            font = QFont(self.view.font())
            font.setFamilies([family, *font.families()])
            font.setPointSizeF(size)
            self.view.set_reading_font(font)
        self.view.zoom_steps = int(_number(self.settings.value("view/zoom"), 0))
        self.view.zoom(0)
        measure = _number(self.settings.value("view/measure"), self.view.measure_chars)
        self.view.set_measure(int(measure))

    def set_theme(self, theme: str) -> None:
        if theme not in THEME_NAMES:
            raise ValueError(theme)
        self.theme = theme
        self.settings.setValue("view/theme", theme)
        self.apply()

    def next_theme(self) -> None:
        self.set_theme(THEME_NAMES[(THEME_NAMES.index(self.theme) + 1) % len(THEME_NAMES)])

    def apply(self) -> None:
        effective = system_theme() if self.theme == "system" else self.theme
        app = QApplication.instance()
        if isinstance(app, QApplication):  # its style is chosen as it is made (application.py)
            app.setPalette(palette(effective))
            app.setStyleSheet(stylesheet(effective))
        self.view.apply_font()  # a new style sheet repolishes and may drop the chosen font
        self.effective = effective
        self.theme_applied.emit(effective)

    @Slot()
    def on_system_scheme_changed(self) -> None:
        if self.theme == "system":
            self.apply()

    def zoom(self, steps: int | None) -> None:
        self.view.zoom(steps)
        self.settings.setValue("view/zoom", self.view.zoom_steps)

    def change_measure(self, delta: int) -> None:
        self.view.set_measure(self.view.measure_chars + delta)
        self.settings.setValue("view/measure", self.view.measure_chars)

    def handlers(self, parent: QWidget) -> Handlers:
        """Its rows of the action table: zoom, measure, font, theme."""
        return {
            "view.zoom_in": lambda: self.zoom(1),
            "view.zoom_out": lambda: self.zoom(-1),
            "view.zoom_reset": lambda: self.zoom(None),
            "view.wider": lambda: self.change_measure(8),
            "view.narrower": lambda: self.change_measure(-8),
            "view.font": lambda: self.choose_font(parent),
            "view.theme_next": self.next_theme,
            "view.theme_system": lambda: self.set_theme("system"),
            "view.theme_light": lambda: self.set_theme("light"),
            "view.theme_dark": lambda: self.set_theme("dark"),
            "view.theme_sepia": lambda: self.set_theme("sepia"),
        }

    def choose_font(self, parent: QWidget) -> None:
        from PySide6.QtWidgets import QFontDialog  # on demand: not needed to start

        base = QFont(self.view.reading_font)
        ok, font = QFontDialog.getFont(base, parent, "Reading font")
        if ok:
            self.set_font(font)

    def set_font(self, font: QFont) -> None:
        self.view.set_reading_font(font)
        self.settings.setValue("view/font_family", font.family())
        self.settings.setValue("view/font_size", self.view.base_point_size)
