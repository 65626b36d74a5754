// One queued generation: one image with one seed. A batch of N is N jobs.
#pragma once

#include <QMetaType>
#include <QString>

#include "settings/GenerationSettings.h"

namespace pixart::ui {

enum class JobState { Queued, Running, Completed, Failed, Cancelled };

QString jobStateName(JobState state);  // "queued", "running", …

struct GenerationJob {
    quint64 id = 0;
    GenerationSettings settings;  // settings.seed is the seed this job draws with
    JobState state = JobState::Queued;
};

}  // namespace pixart::ui

Q_DECLARE_METATYPE(pixart::ui::GenerationJob)
Q_DECLARE_METATYPE(pixart::ui::JobState)
