#include "inference/GenerationWorker.h"

#include <QMetaObject>
#include <QMutexLocker>
#include <exception>
#include <new>

#include "api/errors.h"
#include "api/image_export.h"
#include "inference/InitImageLoader.h"
#include "support/ErrorText.h"
#include "support/ImageConversion.h"

namespace pixart::ui {

GenerationWorker::GenerationWorker(QObject* parent) : QObject(parent) { registerMetaTypes(); }

GenerationWorker::~GenerationWorker() = default;

void GenerationWorker::requestOpenModel(const QString& modelDir,
                                        const pixart::EngineOptions& options) {
    QMetaObject::invokeMethod(
        this, [this, modelDir, options] { openModel(modelDir, options); }, Qt::QueuedConnection);
}

quint64 GenerationWorker::enqueue(const GenerationSettings& settings) {
    GenerationJob job;
    job.settings = settings;
    {
        QMutexLocker lock(&mutex_);
        job.id = nextId_++;
        queue_.append(job);
    }
    Q_EMIT jobQueued(job);
    // One runNext per job keeps jobs and model switches in the order they were asked for.
    QMetaObject::invokeMethod(
        this, [this] { runNext(); }, Qt::QueuedConnection);
    return job.id;
}

bool GenerationWorker::remove(quint64 jobId) {
    bool removed = false;
    {
        QMutexLocker lock(&mutex_);
        for (int i = 0; i < queue_.size(); ++i) {
            if (queue_[i].id == jobId) {
                queue_.removeAt(i);
                removed = true;
                break;
            }
        }
    }
    if (removed) Q_EMIT jobRemoved(jobId);
    return removed;
}

void GenerationWorker::cancelRunning() {
    QMutexLocker lock(&mutex_);
    if (running_ != 0) cancel_.cancel();
}

void GenerationWorker::cancelAll() {
    QList<GenerationJob> dropped;
    {
        QMutexLocker lock(&mutex_);
        dropped.swap(queue_);
        if (running_ != 0) cancel_.cancel();
    }
    for (const auto& job : dropped) Q_EMIT jobRemoved(job.id);
}

QList<GenerationJob> GenerationWorker::queuedJobs() const {
    QMutexLocker lock(&mutex_);
    return queue_;
}

quint64 GenerationWorker::runningJob() const {
    QMutexLocker lock(&mutex_);
    return running_;
}

bool GenerationWorker::hasModel() const {
    QMutexLocker lock(&mutex_);
    return hasModel_;
}

void GenerationWorker::openModel(const QString& modelDir, const pixart::EngineOptions& options) {
    Q_EMIT modelLoading(modelDir);
    try {
        auto engine = pixart::Engine::open(modelDir.toStdString(), options);
        engine_ = std::move(engine);  // the previous engine (if any) is freed here
        engineOptions_ = options;
        {
            QMutexLocker lock(&mutex_);
            hasModel_ = true;
        }
        Q_EMIT modelLoaded(engine_->info());
    } catch (const pixart::Error& e) {
        Q_EMIT modelFailed(describeError(e));  // a previous model stays loaded
    } catch (const std::bad_alloc&) {
        Q_EMIT modelFailed(describeOutOfMemory());
    } catch (const std::exception& e) {
        Q_EMIT modelFailed(tr("Cannot open the model: %1").arg(QString::fromUtf8(e.what())));
    }
}

void GenerationWorker::runNext() {
    GenerationJob job;
    bool drained = false;
    {
        QMutexLocker lock(&mutex_);
        if (queue_.isEmpty()) return;
        job = queue_.takeFirst();
        job.state = JobState::Running;
        running_ = job.id;
        cancel_.reset();
    }
    Q_EMIT jobStarted(job.id);
    runJob(job);
    {
        QMutexLocker lock(&mutex_);
        running_ = 0;
        drained = queue_.isEmpty();
    }
    if (drained) Q_EMIT queueDrained();
}

void GenerationWorker::runJob(const GenerationJob& job) {
    if (!engine_) {
        Q_EMIT jobFailed(job.id, tr("No model is loaded. Open a PixArt-Sigma model folder first."));
        return;
    }
    const quint64 id = job.id;
    pixart::GenerationCallbacks callbacks;
    callbacks.on_plan = [this, id](const pixart::MemoryPlanInfo& plan) {
        Q_EMIT jobPlan(id, QString::fromStdString(plan.summary));
    };
    callbacks.on_stage = [this, id](pixart::Stage stage) {
        if (stage == pixart::Stage::Denoising) denoiseClock_.start();
        Q_EMIT jobStage(id, QString::fromUtf8(pixart::stage_name(stage)));
    };
    callbacks.on_load = [this, id, shown = -1](const pixart::LoadProgress& p) mutable {
        if (p.bytes_total <= 0) return;
        const int percent = static_cast<int>(100 * p.bytes_done / p.bytes_total);
        if (percent == shown && p.bytes_done != 0) return;
        shown = percent;
        Q_EMIT jobStageProgress(id, QString::fromUtf8(pixart::stage_name(p.stage)), percent);
    };
    callbacks.on_decode = [this, id, shown = -1](const pixart::DecodeProgress& p) mutable {
        if (p.bands_total <= 0) return;
        const int percent = static_cast<int>(100 * p.bands_done / p.bands_total);
        if (percent == shown) return;
        shown = percent;
        Q_EMIT jobStageProgress(id, QString::fromUtf8(pixart::stage_name(pixart::Stage::Decoding)),
                                percent);
    };
    callbacks.on_step = [this, id](const pixart::StepProgress& p) { emitStep(id, p); };
    callbacks.on_preview = [this, id](const pixart::StepProgress&, const pixart::PreviewImage& p) {
        Q_EMIT jobPreview(id, toQImage(p));  // converted here, off the GUI thread
    };
    denoiseClock_.invalidate();
    try {
        GenerationSettings used = job.settings;
        // The LoRAs' hashes for the metadata (a missing file fails the job here, by name).
        for (auto& lora : used.request.loras) {
            if (lora.sha256.empty()) lora.sha256 = pixart::file_sha256(lora.path);
        }
        pixart::GenerationRequest request = used.toRequest(used.seed());
        InitImageLoader::attach(used, request);  // image-to-image: the picture, read here
        pixart::Engine& engine = engineFor(used);
        const pixart::GenerationResult result = engine.generate(request, callbacks, &cancel_);
        if (result.images.empty())
            throw pixart::Error(pixart::ErrorKind::Internal, "the engine returned no image");
        GenerationOutcome outcome;
        outcome.jobId = id;
        outcome.settings = used;
        outcome.settings.seedMode = SeedMode::Fixed;
        outcome.settings.batchCount = 1;
        outcome.full = std::make_shared<const pixart::Image>(result.images.front());
        outcome.image = toQImage(*outcome.full);
        outcome.generatedWidth = result.generated_width;
        outcome.generatedHeight = result.generated_height;
        outcome.seconds = result.seconds;
        outcome.modelName = QString::fromStdString(engine.info().name);
        outcome.modelPath = QString::fromStdString(engine.info().path);
        Q_EMIT jobCompleted(outcome);
    } catch (const pixart::Error& e) {
        if (e.kind() == pixart::ErrorKind::Cancelled) {
            Q_EMIT jobCancelled(id);
        } else {
            Q_EMIT jobFailed(id, describeError(e));
        }
    } catch (const std::bad_alloc&) {
        Q_EMIT jobFailed(id, describeOutOfMemory());
    } catch (const std::exception& e) {
        Q_EMIT jobFailed(id, tr("Generation failed: %1").arg(QString::fromUtf8(e.what())));
    } catch (...) {
        Q_EMIT jobFailed(id, tr("Generation failed for an unknown reason."));
    }
}

pixart::Engine& GenerationWorker::engineFor(const GenerationSettings& settings) {
    if (settings.modelPath.isEmpty() ||
        settings.modelPath == QString::fromStdString(engine_->info().path)) {
        jobEngine_.reset();  // its memory back for the loaded model
        jobEnginePath_.clear();
        return *engine_;
    }
    if (!jobEngine_ || jobEnginePath_ != settings.modelPath) {
        jobEngine_.reset();
        jobEngine_ = pixart::Engine::open(settings.modelPath.toStdString(), engineOptions_);
        jobEnginePath_ = settings.modelPath;
    }
    engine_->release_all();  // one model's weights in memory at a time
    return *jobEngine_;
}

void GenerationWorker::emitStep(quint64 jobId, const pixart::StepProgress& p) {
    if (!denoiseClock_.isValid()) denoiseClock_.start();
    double eta = -1.0;
    if (p.step > 0 && p.total >= p.step) {
        const double perStep = denoiseClock_.elapsed() / 1000.0 / p.step;
        eta = perStep * (p.total - p.step);
    }
    Q_EMIT jobProgress(jobId, p.step, p.total, eta);
}

}  // namespace pixart::ui
