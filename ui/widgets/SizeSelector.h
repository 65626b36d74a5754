// Image size: the checkpoint's aspect-ratio bins as presets, an orientation swap, and a custom
// size that says which bin it will really generate at.
#pragma once

#include <QSize>
#include <QWidget>

#include "settings/AspectRatioPresets.h"

class QComboBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace pixart::ui {

class SizeSelector : public QWidget {
    Q_OBJECT

  public:
    explicit SizeSelector(QWidget* parent = nullptr);

    // Replaces the presets (a model was loaded); keeps the current size when it is still a bin,
    // else selects the native square.
    void setPresets(const AspectRatioPresets& presets);
    const AspectRatioPresets& presets() const { return presets_; }

    QSize size() const;               // the requested size
    void setSize(const QSize& size);  // a bin selects its preset, anything else is custom
    bool isCustom() const;
    // The size the transformer runs at for size() (equal to it for a preset).
    QSize generatedSize() const;
    QString note() const;  // the line under the selector

    void swapOrientation();

    QComboBox* presetBox() const { return presetBox_; }
    QToolButton* swapButton() const { return swapButton_; }
    QSpinBox* widthBox() const { return widthBox_; }
    QSpinBox* heightBox() const { return heightBox_; }

  Q_SIGNALS:
    void sizeChanged(QSize size);

  private:
    void presetActivated(int index);
    void customEdited();
    void refreshNote();

    AspectRatioPresets presets_;
    QComboBox* presetBox_ = nullptr;
    QToolButton* swapButton_ = nullptr;
    QSpinBox* widthBox_ = nullptr;
    QSpinBox* heightBox_ = nullptr;
    QLabel* noteLabel_ = nullptr;
    bool updating_ = false;
};

}  // namespace pixart::ui
