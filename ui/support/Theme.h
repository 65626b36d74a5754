// Light / dark / the system's look, on the Fusion style so both palettes look the same everywhere.
#pragma once

#include <QString>

class QApplication;
class QColor;
class QWidget;

namespace pixart::ui {

enum class Theme { System, Light, Dark };

QString themeName(Theme theme);  // "system", "light", "dark"
Theme themeFromName(const QString& name);

// Applies the palette (System restores the platform's own style and palette).
void applyTheme(QApplication& app, Theme theme);

// Marks a button as the window's primary action (Generate): the palette's accent, bold; greyed
// when disabled. From the palette, so it follows the theme.
void markPrimaryAction(QWidget* button);

// The neutral grey around an image being judged (viewer, export preview), whatever the theme:
// a white or black surround shifts how colours look.
QColor neutralSurround();

}  // namespace pixart::ui
