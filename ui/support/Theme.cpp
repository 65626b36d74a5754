#include "support/Theme.h"

#include <QColor>

#include <QWidget>

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace pixart::ui {
namespace {

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2e), base(0x1e, 0x1e, 0x21), text(0xe6, 0xe6, 0xe6);
    const QColor highlight(0x3d, 0x7e, 0xd6), disabled(0x7a, 0x7a, 0x7a);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, highlight.lighter(130));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

}  // namespace

QString themeName(Theme theme) {
    switch (theme) {
        case Theme::System:
            return QStringLiteral("system");
        case Theme::Light:
            return QStringLiteral("light");
        case Theme::Dark:
            return QStringLiteral("dark");
    }
    return QStringLiteral("system");
}

Theme themeFromName(const QString& name) {
    if (name == QLatin1String("light")) return Theme::Light;
    if (name == QLatin1String("dark")) return Theme::Dark;
    return Theme::System;
}

void applyTheme(QApplication& app, Theme theme) {
    // The platform's style as the application started, so "system" can go back to it.
    static const QString platformStyle = app.style()->name();
    switch (theme) {
        case Theme::System:
            app.setStyle(QStyleFactory::create(platformStyle));
            app.setPalette(app.style()->standardPalette());
            break;
        case Theme::Light:
            app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
            app.setPalette(app.style()->standardPalette());
            break;
        case Theme::Dark:
            app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
            app.setPalette(darkPalette());
            break;
    }
}

void markPrimaryAction(QWidget* button) {
    button->setObjectName(QStringLiteral("primaryAction"));
    button->setStyleSheet(QStringLiteral(
        "#primaryAction { background: palette(highlight); color: palette(highlighted-text);"
        " font-weight: bold; padding: 5px 16px; border-radius: 3px; }"
        "#primaryAction:disabled { background: palette(button); color: palette(mid); }"));
}

QColor neutralSurround() { return QColor(0x76, 0x76, 0x76); }

}  // namespace pixart::ui
