#include "settings/SeedMode.h"

namespace pixart::ui {

QString seedModeName(SeedMode mode) {
    switch (mode) {
        case SeedMode::Random:
            return QStringLiteral("random");
        case SeedMode::Fixed:
            return QStringLiteral("fixed");
        case SeedMode::Increment:
            return QStringLiteral("increment");
    }
    return QStringLiteral("random");
}

SeedMode seedModeFromName(const QString& name) {
    if (name == QLatin1String("fixed")) return SeedMode::Fixed;
    if (name == QLatin1String("increment")) return SeedMode::Increment;
    return SeedMode::Random;
}

}  // namespace pixart::ui
