// Which seeds one press of Generate uses, and which seed the panel shows afterwards.
#pragma once

#include <QList>
#include <functional>

#include "settings/SeedMode.h"

namespace pixart::ui {

class SeedPolicy {
  public:
    // Draws a random seed over the full 0 … 2^32-1 range; tests pass their own.
    using RandomSource = std::function<quint32()>;

    explicit SeedPolicy(RandomSource random = {});

    struct Plan {
        QList<quint32> seeds;   // one per job: base, base + 1, … (wrapping at 2^32)
        quint32 nextShown = 0;  // the seed the panel shows after this press
    };

    // `shown` is the seed in the seed box, `count` the batch count (at least 1).
    Plan plan(SeedMode mode, quint32 shown, int count) const;

    quint32 randomSeed() const;  // the dice button

  private:
    RandomSource random_;
};

}  // namespace pixart::ui
