// The studio's inference side: a QObject that lives on ONE long-lived QThread (see
// InferenceThread) and owns the pixart::Engine. Jobs run one after another, never in parallel:
// Queued → Running → Completed | Failed | Cancelled. Everything the GUI sees arrives as signals,
// which reach GUI objects as queued connections; no exception leaves this class.
//
// The queue is guarded by a mutex so the GUI can add, remove and cancel jobs while the inference
// thread is inside Engine::generate (its event loop is blocked until the job ends). Cancelling goes
// through the engine's CancelToken, which the pipeline checks at every step.
#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <memory>

#include "api/engine.h"
#include "inference/CoreMetaTypes.h"
#include "inference/GenerationJob.h"
#include "inference/GenerationOutcome.h"

namespace pixart::ui {

class GenerationWorker : public QObject {
    Q_OBJECT

  public:
    explicit GenerationWorker(QObject* parent = nullptr);
    ~GenerationWorker() override;

    // --- Thread-safe: callable from any thread. ---

    // Opens a model folder on the inference thread, after the jobs queued before this call.
    void requestOpenModel(const QString& modelDir, const pixart::EngineOptions& options);
    // Queues one job (settings.seed is its seed); returns its id.
    quint64 enqueue(const GenerationSettings& settings);
    // Removes a job that has not started; false when it is running, finished or unknown.
    bool remove(quint64 jobId);
    // The running job stops at its next step and ends as Cancelled; queued jobs stay queued.
    void cancelRunning();
    // Removes every queued job and cancels the running one (shutdown).
    void cancelAll();
    QList<GenerationJob> queuedJobs() const;
    quint64 runningJob() const;  // 0 when idle
    bool hasModel() const;

  Q_SIGNALS:
    void modelLoading(const QString& modelDir);
    void modelLoaded(const pixart::ModelInfo& info);
    void modelFailed(const QString& message);

    void jobQueued(const pixart::ui::GenerationJob& job);
    void jobRemoved(quint64 jobId);
    void jobStarted(quint64 jobId);
    void jobStage(quint64 jobId, const QString& stage);
    // While a network loads: its stage's name and the share of its weights read (0..100); while
    // a large image decodes in bands: "decoding" and the share of bands done. Sent when the
    // whole percentage changes.
    void jobStageProgress(quint64 jobId, const QString& stage, int percent);
    // The job's memory plan, once before its first stage: how T5 runs (resident, streamed from
    // disk, or not at all: every prompt cached), low-memory measures, the estimated peak.
    void jobPlan(quint64 jobId, const QString& summary);
    // Every denoising step; etaSeconds < 0 while unknown.
    void jobProgress(quint64 jobId, int step, int total, double etaSeconds);
    void jobPreview(quint64 jobId, const QImage& preview);
    void jobCompleted(const pixart::ui::GenerationOutcome& outcome);
    void jobFailed(quint64 jobId, const QString& message);
    void jobCancelled(quint64 jobId);
    void queueDrained();  // the last queued job ended

  private:
    void openModel(const QString& modelDir, const pixart::EngineOptions& options);
    // The engine a job runs on: the loaded one, or its settings.modelPath's (opened here; the
    // loaded model's weights are freed meanwhile, they load again on its next job).
    pixart::Engine& engineFor(const GenerationSettings& settings);
    void runNext();
    void runJob(const GenerationJob& job);
    void emitStep(quint64 jobId, const pixart::StepProgress& progress);

    // Owned and used by the inference thread only.
    std::unique_ptr<pixart::Engine> engine_;
    pixart::EngineOptions engineOptions_;  // of engine_, for a job's other model
    // A job's own model (Refine for print's checkpoint), kept while such jobs follow each other.
    std::unique_ptr<pixart::Engine> jobEngine_;
    QString jobEnginePath_;
    QElapsedTimer denoiseClock_;

    mutable QMutex mutex_;  // guards everything below
    QList<GenerationJob> queue_;
    quint64 nextId_ = 1;
    quint64 running_ = 0;
    bool hasModel_ = false;
    pixart::CancelToken cancel_;  // atomic itself; reset under the mutex when a job starts
};

}  // namespace pixart::ui
