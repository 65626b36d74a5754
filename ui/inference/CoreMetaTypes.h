// Core API structs that travel through queued signals between the inference thread and the GUI.
#pragma once

#include <QMetaType>

#include "api/engine.h"
#include "api/model_info.h"

Q_DECLARE_METATYPE(pixart::ModelInfo)
Q_DECLARE_METATYPE(pixart::EngineOptions)

namespace pixart::ui {

// Registers every type the studio sends through queued connections (idempotent).
void registerMetaTypes();

}  // namespace pixart::ui
