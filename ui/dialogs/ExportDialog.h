// Export for print: format and bit depth, TIFF compression, resolution, a paper preset (with
// orientation, bleed and fit) and CMYK; a live summary shows the file's pixel size, the effective
// resolution on paper and what will happen (upscaling, cropping). The export runs off the GUI
// thread with progress and can be cancelled.
#pragma once

#include <QDialog>
#include <QSize>
#include <atomic>
#include <memory>

#include "dialogs/ExportRequest.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace pixart::ui {

class ExportPreview;

class ExportDialog : public QDialog {
    Q_OBJECT

  public:
    ExportDialog(const QString& sourcePath, const QSize& sourceSize,
                 const pixart::GenerationMetadata& metadata, QWidget* parent = nullptr);
    ~ExportDialog() override;

    ExportRequest request() const;  // what the fields say (no target path)
    QString summary() const;        // the live summary text

    // Exports to `targetPath` off the GUI thread; exported/failed report the end.
    void exportTo(const QString& targetPath);

    // For tests.
    QComboBox* formatBox() const { return format_; }
    QDoubleSpinBox* bleedBox() const { return bleed_; }
    QComboBox* paperBox() const { return paper_; }
    ExportPreview* preview() const { return preview_; }
    QDoubleSpinBox* customWidthBox() const { return customWidth_; }  // mm, with "Custom…"
    QDoubleSpinBox* customHeightBox() const { return customHeight_; }
    QPushButton* exportButton() const { return exportButton_; }

  Q_SIGNALS:
    // `warnings`: what the file holds otherwise than asked (e.g. settings too long for JPEG).
    void exported(const QString& path, const QStringList& warnings);
    void failed(const QString& message);

  protected:
    void reject() override;  // cancels a running export

  private:
    void refresh();
    void chooseTargetAndExport();

    QString sourcePath_;
    QSize sourceSize_;
    pixart::GenerationMetadata metadata_;
    QComboBox* format_ = nullptr;
    QComboBox* depth_ = nullptr;
    QComboBox* compression_ = nullptr;
    QDoubleSpinBox* ppi_ = nullptr;
    QComboBox* paper_ = nullptr;
    ExportPreview* preview_ = nullptr;  // the page as it will print
    QWidget* customPaper_ = nullptr;    // width × height in mm, shown for "Custom…"
    QDoubleSpinBox* customWidth_ = nullptr;
    QDoubleSpinBox* customHeight_ = nullptr;
    QCheckBox* landscape_ = nullptr;
    QDoubleSpinBox* bleed_ = nullptr;
    QComboBox* fit_ = nullptr;
    QLineEdit* cmykProfile_ = nullptr;
    QCheckBox* embedIcc_ = nullptr;
    QLabel* summary_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* exportButton_ = nullptr;
    std::shared_ptr<std::atomic<bool>> cancel_;
    bool running_ = false;
};

}  // namespace pixart::ui
