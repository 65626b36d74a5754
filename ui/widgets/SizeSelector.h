// Image size: the ratios people ask for (1:1, 3:2, 4:3, 5:4, 16:9, 21:9, A paper), each mapped to
// the checkpoint's nearest bin with its exact pixel size, in the current orientation (the swap
// button turns them); every bin of the checkpoint under "All trained sizes…"; and a custom size
// that says which bin it will really generate at.
#pragma once

#include <QSize>
#include <QWidget>

#include "settings/AspectRatioPresets.h"

class QComboBox;
class QLabel;
class QMenu;
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
    QMenu* allSizesMenu() const { return allSizesMenu_; }  // every bin (null until first shown)
    void showAllSizes();

  Q_SIGNALS:
    void sizeChanged(QSize size);

  private:
    void presetActivated(int index);
    void customEdited();
    void refreshNote();
    void rebuildEntries(bool portrait, int presetIndex);  // named ratios, that preset, All, Custom

    AspectRatioPresets presets_;
    QComboBox* presetBox_ = nullptr;
    QToolButton* swapButton_ = nullptr;
    QSpinBox* widthBox_ = nullptr;
    QSpinBox* heightBox_ = nullptr;
    QLabel* noteLabel_ = nullptr;
    QMenu* allSizesMenu_ = nullptr;
    bool updating_ = false;
};

}  // namespace pixart::ui
