// A zoomable look at one library image (wheel or +/- to zoom, 0 or Fit to fit, 1 or 100 % for
// actual pixels; above 100 % pixels are shown as they are, not smoothed; the zoom is shown; a
// neutral grey surround so colours are judged as they are), ←/→ through
// the gallery, Ctrl+C to copy, reveal in the file manager, and image-to-image from it
// (Variations, Refine for print). The file is decoded off the GUI
// thread.
#pragma once

#include <QColor>
#include <QDialog>
#include <QImage>

#include "item_models/LibraryEntry.h"

class QGraphicsPixmapItem;
class QGraphicsScene;
class QGraphicsView;
class QLabel;

namespace pixart::ui {

class GalleryModel;

class ImageViewer : public QDialog {
    Q_OBJECT

  public:
    explicit ImageViewer(GalleryModel* model, QWidget* parent = nullptr);

    void showRow(int row);
    int currentRow() const { return row_; }
    double zoom() const { return zoom_; }
    QString zoomText() const;    // "100 %", as shown
    bool smoothScaling() const;  // false above 100 %: nearest-neighbour, pixels visible
    const QImage& image() const { return image_; }  // null until the file is decoded

    void next();
    void previous();
    void zoomBy(double factor);
    void fitToWindow();
    void actualPixels();  // 100 %
    void copy();

  Q_SIGNALS:
    // Image-to-image from the image shown (MainWindow queues them as from the gallery).
    void variationsRequested(const pixart::ui::LibraryEntry& entry);
    void refineRequested(const pixart::ui::LibraryEntry& entry);
    void exportRequested(const pixart::ui::LibraryEntry& entry);  // for print

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

  private:
    void setImage(int row, const QImage& image);
    void applyZoom();

    GalleryModel* model_ = nullptr;
    QGraphicsScene* scene_ = nullptr;
    QGraphicsView* view_ = nullptr;
    QGraphicsPixmapItem* item_ = nullptr;
    QLabel* caption_ = nullptr;
    QLabel* zoomLabel_ = nullptr;
    QImage image_;
    int row_ = -1;
    double zoom_ = 1.0;
    bool fit_ = true;
    quint64 loadTicket_ = 0;
};

}  // namespace pixart::ui
