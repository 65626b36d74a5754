// How the seed changes from one press of Generate to the next (A1111 / InvokeAI conventions).
#pragma once

#include <QString>

namespace pixart::ui {

enum class SeedMode {
    Random,     // a fresh seed on every press
    Fixed,      // the shown seed, again and again
    Increment,  // the shown seed, then the shown seed moves past the seeds just used
};

QString seedModeName(SeedMode mode);             // "random", "fixed", "increment"
SeedMode seedModeFromName(const QString& name);  // unknown names give Random

}  // namespace pixart::ui
