// Owns the one long-lived inference thread and the GenerationWorker that lives on it. Destroying
// it cancels the running job, drops queued ones and waits for the thread to end.
#pragma once

#include <QObject>
#include <QThread>

#include "inference/GenerationWorker.h"

namespace pixart::ui {

class InferenceThread : public QObject {
    Q_OBJECT

  public:
    explicit InferenceThread(QObject* parent = nullptr);
    ~InferenceThread() override;

    GenerationWorker* worker() const { return worker_; }
    QThread* thread() const { return thread_; }

  private:
    QThread* thread_ = nullptr;
    GenerationWorker* worker_ = nullptr;  // lives on thread_; deleted after it has stopped
};

}  // namespace pixart::ui
