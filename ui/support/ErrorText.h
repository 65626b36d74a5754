// User-readable sentences for core errors: what went wrong and what to try.
#pragma once

#include <QString>

#include "api/errors.h"

namespace pixart::ui {

QString describeError(const pixart::Error& error);
QString describeOutOfMemory();

}  // namespace pixart::ui
