// The prompt panel's "Start from" row: image-to-image's picture (chosen, dropped, or set by
// "Variations" / "Refine for print") and its strength. Empty = text-to-image; the strength
// slider is enabled only with a picture.
#pragma once

#include <QWidget>

class QLabel;
class QSlider;
class QToolButton;

namespace pixart::ui {

class InitImageRow : public QWidget {
    Q_OBJECT

  public:
    explicit InitImageRow(QWidget* parent = nullptr);

    QString path() const { return path_; }
    // Refine for print: the picture is enlarged 2x first (shown in the row).
    bool refine() const { return refine_; }
    void setPicture(const QString& path, bool refine = false);  // "" clears
    double strength() const;                                    // 0.05 .. 1.00
    void setStrength(double strength);

    // For tests.
    QLabel* nameLabel() const { return name_; }
    QSlider* strengthSlider() const { return slider_; }
    QToolButton* clearButton() const { return clear_; }

  Q_SIGNALS:
    void pictureChanged(const QString& path);

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void choose();
    void showState();

    QString path_;
    bool refine_ = false;
    QLabel* name_ = nullptr;
    QToolButton* choose_ = nullptr;
    QToolButton* clear_ = nullptr;
    QSlider* slider_ = nullptr;
    QLabel* strengthLabel_ = nullptr;
};

}  // namespace pixart::ui
