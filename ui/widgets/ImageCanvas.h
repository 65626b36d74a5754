// Paints one image as large as fits, aspect kept, smoothly scaled (a 1/8-size preview grows to
// the full frame without blocky pixels).
#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

namespace pixart::ui {

class ImageCanvas : public QWidget {
    Q_OBJECT

  public:
    explicit ImageCanvas(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return image_; }
    void setPlaceholder(const QString& text);  // shown while there is no image
    const QString& placeholder() const { return placeholder_; }

    QSize sizeHint() const override { return {512, 512}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    QImage image_;
    QString placeholder_;
};

}  // namespace pixart::ui
