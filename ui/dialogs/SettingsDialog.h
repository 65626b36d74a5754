// Preferences: output folder, device, threads, memory mode, preview interval, theme.
#pragma once

#include <QDialog>

#include "settings/StudioSettings.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace pixart::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT

  public:
    explicit SettingsDialog(const StudioSettings& settings, QWidget* parent = nullptr);

    // The input settings with this dialog's fields applied.
    StudioSettings settings() const;

  private:
    StudioSettings base_;
    QLineEdit* outputFolder_ = nullptr;
    QLineEdit* printModel_ = nullptr;
    QComboBox* device_ = nullptr;
    QSpinBox* threads_ = nullptr;
    QCheckBox* releaseTextEncoder_ = nullptr;
    QComboBox* textEncoderMode_ = nullptr;
    QSpinBox* previewInterval_ = nullptr;
    QComboBox* theme_ = nullptr;
};

}  // namespace pixart::ui
