// Export for print: format and bit depth, DPI, paper-size presets with the effective resolution
// and an optional resize to fill the paper at the chosen DPI.
//
// Until the core's export API (core/api/image_export.h: 16-bit PNG/TIFF, ICC, CMYK through
// LittleCMS, Lanczos resize) is wired in, this writes 8-bit PNG/TIFF with DPI through Qt and
// shows the print-grade options as unavailable.
#pragma once

#include <QDialog>
#include <QSize>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace pixart::ui {

class ExportDialog : public QDialog {
    Q_OBJECT

  public:
    struct Options {
        QString format = QStringLiteral("png");  // "png" or "tiff"
        int bitDepth = 8;
        int dpi = 300;
        int paperIndex = -1;  // into PaperSize::all(); -1 = keep the pixel size
        bool resizeToPaper = false;
    };

    ExportDialog(const QString& sourcePath, const QSize& imageSize, QWidget* parent = nullptr);

    Options options() const;
    QSize outputSize() const;  // after the optional resize

    // Writes the export (off the GUI thread); reports with exported/failed.
    void exportTo(const QString& targetPath);
    // The export itself (runs on a pool thread). Returns "" or an error message.
    static QString writeExport(const QString& sourcePath, const QString& targetPath,
                               const Options& options, const QSize& outputSize);

  Q_SIGNALS:
    void exported(const QString& path);
    void failed(const QString& message);

  private:
    void refresh();
    void chooseTargetAndExport();

    QString sourcePath_;
    QSize imageSize_;
    QComboBox* format_ = nullptr;
    QComboBox* depth_ = nullptr;
    QSpinBox* dpi_ = nullptr;
    QComboBox* paper_ = nullptr;
    QCheckBox* resize_ = nullptr;
    QCheckBox* icc_ = nullptr;
    QLabel* info_ = nullptr;
};

}  // namespace pixart::ui
