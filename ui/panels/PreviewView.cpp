#include "panels/PreviewView.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>
#include <cmath>

#include "inference/GenerationOutcome.h"
#include "widgets/ImageCanvas.h"

namespace pixart::ui {

PreviewView::PreviewView(QWidget* parent) : QWidget(parent) {
    canvas_ = new ImageCanvas(this);
    canvas_->setPlaceholder(tr("Write a prompt and press Generate (Ctrl+Enter)."));
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("previewStatus"));
    status_->setWordWrap(true);
    caption_ = new QLabel(this);
    caption_->setObjectName(QStringLiteral("previewCaption"));
    caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    caption_->setWordWrap(true);

    plan_ = new QLabel(this);
    plan_->setObjectName(QStringLiteral("previewPlan"));
    plan_->setWordWrap(true);
    plan_->setToolTip(
        tr("How this job uses memory: the T5 text encoder resident in memory or "
           "streamed from its files, the low-memory measures when they were "
           "needed, and the estimated peak of the job."));
    plan_->setEnabled(false);  // secondary text
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(canvas_, 1);
    layout->addWidget(caption_);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(plan_);
}

QString PreviewView::formatEta(double seconds) {
    if (seconds < 0 || !std::isfinite(seconds)) return {};
    const qint64 s = std::llround(seconds);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

void PreviewView::showStarted(quint64 jobId, quint32 seed, int queued) {
    jobId_ = jobId;
    seed_ = seed;
    stage_.clear();
    progress_->setRange(0, 0);  // busy until the first step: loading and encoding
    status_->setStyleSheet(QString());
    status_->setText(queued > 0 ? tr("Starting… (%n more queued)", nullptr, queued)
                                : tr("Starting…"));
    caption_->setText(tr("Seed %1").arg(seed));
    plan_->clear();
    // Until the first step's preview: not the "write a prompt" invitation any more.
    canvas_->setPlaceholder(tr("Preparing the first step…"));
}

void PreviewView::showStage(quint64 jobId, const QString& stage) {
    if (jobId != jobId_) return;
    stage_ = stage;
    progress_->setRange(0, 0);  // busy until a load or the steps say how far
    status_->setText(stage.left(1).toUpper() + stage.mid(1) + QStringLiteral("…"));
}

void PreviewView::showPlan(quint64 jobId, const QString& summary) {
    if (jobId != jobId_) return;
    plan_->setText(tr("Memory: %1").arg(summary));
}

void PreviewView::showProgress(quint64 jobId, int step, int total, double etaSeconds) {
    if (jobId != jobId_) return;
    progress_->setRange(0, total);
    progress_->setValue(step);
    const QString eta = formatEta(etaSeconds);
    status_->setText(eta.isEmpty()
                         ? tr("Step %1 of %2").arg(step).arg(total)
                         : tr("Step %1 of %2 — about %3 left").arg(step).arg(total).arg(eta));
}

void PreviewView::showStageProgress(quint64 jobId, const QString& stage, int percent) {
    if (jobId != jobId_) return;
    progress_->setRange(0, 100);
    progress_->setValue(percent);
    status_->setText(tr("%1… %2 %").arg(stage.left(1).toUpper() + stage.mid(1)).arg(percent));
}

void PreviewView::showPreview(quint64 jobId, const QImage& preview) {
    if (jobId != jobId_) return;
    canvas_->setImage(preview);
}

void PreviewView::showResult(const GenerationOutcome& outcome) {
    canvas_->setImage(outcome.image);
    progress_->setRange(0, 1);
    progress_->setValue(1);
    status_->setStyleSheet(QString());
    status_->setText(tr("Done in %1 s").arg(outcome.seconds, 0, 'f', 1));
    QString caption = tr("Seed %1 · %2 × %3")
                          .arg(outcome.settings.seed())
                          .arg(outcome.image.width())
                          .arg(outcome.image.height());
    if (outcome.generatedWidth > 0 && (outcome.generatedWidth != outcome.image.width() ||
                                       outcome.generatedHeight != outcome.image.height()))
        caption +=
            tr(" (generated at %1 × %2)").arg(outcome.generatedWidth).arg(outcome.generatedHeight);
    caption += QStringLiteral(" · %1 steps · CFG %2 · %3")
                   .arg(outcome.settings.request.steps)
                   .arg(outcome.settings.request.guidance_scale)
                   .arg(outcome.settings.sampler());
    caption_->setText(caption);
}

void PreviewView::showMessage(const QString& message, bool error) {
    progress_->setRange(0, 1);
    progress_->setValue(0);
    status_->setStyleSheet(error ? QStringLiteral("color: #d04040;") : QString());
    status_->setText(message);
}

void PreviewView::showBusy(const QString& message) {
    progress_->setRange(0, 0);
    status_->setStyleSheet(QString());
    status_->setText(message);
}

void PreviewView::showImage(const QImage& image, const QString& caption) {
    canvas_->setImage(image);
    caption_->setText(caption);
}

}  // namespace pixart::ui
