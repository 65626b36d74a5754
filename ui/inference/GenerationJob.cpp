#include "inference/GenerationJob.h"

#include <QCoreApplication>

namespace pixart::ui {

QString jobStateName(JobState state) {
    switch (state) {
        case JobState::Queued:
            return QCoreApplication::translate("JobState", "queued");
        case JobState::Running:
            return QCoreApplication::translate("JobState", "running");
        case JobState::Completed:
            return QCoreApplication::translate("JobState", "completed");
        case JobState::Failed:
            return QCoreApplication::translate("JobState", "failed");
        case JobState::Cancelled:
            return QCoreApplication::translate("JobState", "cancelled");
    }
    return {};
}

}  // namespace pixart::ui
