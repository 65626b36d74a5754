// Where the Qt tests find ../shared (the tiny model): $PIXART_SHARED_DIR, else the compile-time
// default next to the checkout — the same rule as tests/support/shared_data.h.
#pragma once

#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QTest>

namespace pixart::ui::test {

inline QString sharedDir() {
    const QString env = qEnvironmentVariable("PIXART_SHARED_DIR");
    return env.isEmpty() ? QStringLiteral(PIXART_DEFAULT_SHARED_DIR) : env;
}

inline QString tinyModelDir() {
    return QDir(sharedDir()).filePath(QStringLiteral("models/tiny-pixart-sigma"));
}

inline bool sharedAvailable() {
    return QFileInfo(QDir(tinyModelDir()).filePath(QStringLiteral("model_index.json"))).exists();
}

inline bool runningInCi() { return qEnvironmentVariable("CI") == QLatin1String("true"); }

inline QByteArray missingSharedMessage() {
    return QStringLiteral(
               "shared test data not found at '%1' (set PIXART_SHARED_DIR to the "
               "folder holding golden/ and models/)")
        .arg(sharedDir())
        .toUtf8();
}

}  // namespace pixart::ui::test

// At the top of a test function that reads ../shared.
#define PIXART_REQUIRE_SHARED_QT()                                             \
    do {                                                                       \
        if (!::pixart::ui::test::sharedAvailable()) {                          \
            if (::pixart::ui::test::runningInCi())                             \
                QFAIL(::pixart::ui::test::missingSharedMessage().constData()); \
            QSKIP(::pixart::ui::test::missingSharedMessage().constData());     \
        }                                                                      \
    } while (0)
