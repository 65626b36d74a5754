#include "settings/SeedPolicy.h"

#include <QRandomGenerator>
#include <algorithm>

namespace pixart::ui {

SeedPolicy::SeedPolicy(RandomSource random) : random_(std::move(random)) {}

quint32 SeedPolicy::randomSeed() const {
    return random_ ? random_() : QRandomGenerator::global()->generate();
}

SeedPolicy::Plan SeedPolicy::plan(SeedMode mode, quint32 shown, int count) const {
    count = std::max(count, 1);
    const quint32 base = mode == SeedMode::Random ? randomSeed() : shown;
    Plan result;
    for (int i = 0; i < count; ++i) result.seeds.append(base + static_cast<quint32>(i));  // wraps
    switch (mode) {
        case SeedMode::Random:  // show what was used, so it can be fixed afterwards
        case SeedMode::Fixed:
            result.nextShown = base;
            break;
        case SeedMode::Increment:
            result.nextShown = base + static_cast<quint32>(count);
            break;
    }
    return result;
}

}  // namespace pixart::ui
