// The centre of the studio: the image as it forms (a preview every step, smoothly scaled), the
// progress of the running job with its ETA, then the finished image with the seed it used.
#pragma once

#include <QImage>
#include <QWidget>

class QLabel;
class QProgressBar;

namespace pixart::ui {

class ImageCanvas;
struct GenerationOutcome;

class PreviewView : public QWidget {
    Q_OBJECT

  public:
    explicit PreviewView(QWidget* parent = nullptr);

    void showStarted(quint64 jobId, quint32 seed, int queued);
    void showStage(quint64 jobId, const QString& stage);
    void showPlan(quint64 jobId, const QString& summary);  // the job's memory plan, one line
    void showProgress(quint64 jobId, int step, int total, double etaSeconds);
    // "Loading transformer… 45 %" with the bar at 45 of 100.
    void showStageProgress(quint64 jobId, const QString& stage, int percent);
    void showPreview(quint64 jobId, const QImage& preview);
    void showResult(const GenerationOutcome& outcome);  // replaces the preview
    void showMessage(const QString& message, bool error);
    void showBusy(const QString& message);  // e.g. opening a model: an indeterminate bar
    void showImage(const QImage& image, const QString& caption);  // e.g. from the gallery

    ImageCanvas* canvas() const { return canvas_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* statusLabel() const { return status_; }
    QLabel* planLabel() const { return plan_; }
    quint64 currentJob() const { return jobId_; }

    static QString formatEta(double seconds);  // "0:42", "1:02:03", "" when unknown

  private:
    ImageCanvas* canvas_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* caption_ = nullptr;
    QLabel* plan_ = nullptr;
    quint64 jobId_ = 0;
    quint32 seed_ = 0;
    QString stage_;
};

}  // namespace pixart::ui
