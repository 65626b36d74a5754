#include "support/ErrorText.h"

#include <QCoreApplication>

namespace pixart::ui {
namespace {
QString tr(const char* text) { return QCoreApplication::translate("ErrorText", text); }
}  // namespace

QString describeError(const pixart::Error& error) {
    const QString detail = QString::fromUtf8(error.what());
    switch (error.kind()) {
        case pixart::ErrorKind::ModelFolder:
            return tr("The model folder cannot be used: %1").arg(detail);
        case pixart::ErrorKind::CorruptFile:
            return tr("A model file is damaged: %1. Download the model again.").arg(detail);
        case pixart::ErrorKind::InvalidArgument:
            return tr("Invalid setting: %1").arg(detail);
        case pixart::ErrorKind::Io:
            return tr("Reading or writing failed: %1").arg(detail);
        case pixart::ErrorKind::Unsupported:
            return tr("Not supported: %1").arg(detail);
        case pixart::ErrorKind::OutOfMemory:
            return describeOutOfMemory() + QStringLiteral(" (") + detail + QStringLiteral(")");
        case pixart::ErrorKind::Cancelled:
            return tr("Cancelled.");
        case pixart::ErrorKind::Internal:
            return tr("Internal error: %1").arg(detail);
    }
    return detail;
}

QString describeOutOfMemory() {
    return tr(
        "Out of memory. Try a smaller size, fewer images at once, or turn on \"release the "
        "text encoder after encoding\" in the settings.");
}

}  // namespace pixart::ui
