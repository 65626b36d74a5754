// The export dialog's live page: the file's page to scale, the image as it will sit on it (the
// part Fill crops away is gone, Fit's margins are white), the bleed band outside the trim line
// tinted red, and the effective resolution of the generated pixels on paper.
#pragma once

#include <QImage>
#include <QRect>
#include <QSize>
#include <QWidget>

namespace pixart::ui {

class ExportPreview : public QWidget {
    Q_OBJECT

  public:
    struct Page {
        QSize size;        // of the written file, in pixels; invalid = nothing to show
        QRect crop;        // the part of the source used
        QSize scaledSize;  // what that part is resampled to, centred on the page
        int bleedPixels = 0;
        double effectivePpi = 0.0;  // 0 = not a paper (no ppi shown)
    };

    explicit ExportPreview(QWidget* parent = nullptr);

    void setSource(const QImage& image, const QSize& sourceSize);  // a thumbnail is enough
    void setPage(const Page& page);
    const Page& page() const { return page_; }
    // The rectangle the page is drawn in (for tests: where trim, bleed and image land).
    QRect pageRect() const;

    QSize sizeHint() const override { return {240, 240}; }
    QSize minimumSizeHint() const override { return {160, 160}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    QImage source_;
    QSize sourceSize_;
    Page page_;
};

}  // namespace pixart::ui
