#include "CoreMetaTypes.h"

#include <QImage>

#include "GenerationJob.h"
#include "GenerationOutcome.h"
#include "GenerationSettings.h"

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
