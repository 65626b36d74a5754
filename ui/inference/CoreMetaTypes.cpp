#include "inference/CoreMetaTypes.h"

#include <QImage>

#include "inference/GenerationJob.h"
#include "inference/GenerationOutcome.h"
#include "settings/GenerationSettings.h"

namespace pixart::ui {

void registerMetaTypes() {
    qRegisterMetaType<pixart::ModelInfo>();
    qRegisterMetaType<pixart::EngineOptions>();
    qRegisterMetaType<GenerationSettings>();
    qRegisterMetaType<GenerationJob>();
    qRegisterMetaType<JobState>();
    qRegisterMetaType<GenerationOutcome>();
    qRegisterMetaType<QImage>();
}

}  // namespace pixart::ui
