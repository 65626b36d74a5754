// What one library image was made with (a dock beside the preview): prompt, negative prompt,
// seed, size, steps, guidance, sampler, model, when it was made and how long it took; copy
// buttons for the prompt, the seed and the whole A1111 parameters text; "Use again" and
// "Export for print…" for that image. Shows the gallery's current image, or the one just made.
#pragma once

#include <QWidget>

#include "item_models/LibraryEntry.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace pixart::ui {

class ImageInfoPanel : public QWidget {
    Q_OBJECT

  public:
    explicit ImageInfoPanel(QWidget* parent = nullptr);

    void showEntry(const LibraryEntry& entry);
    void clear();
    const LibraryEntry& entry() const { return entry_; }
    QString detailsText() const;     // the settings lines, as shown
    QString parametersText() const;  // what "Copy parameters" puts on the clipboard

  Q_SIGNALS:
    void useAgainRequested(const pixart::ui::GenerationSettings& settings);
    void exportRequested(const pixart::ui::LibraryEntry& entry);

  private:
    LibraryEntry entry_;
    QPlainTextEdit* prompt_ = nullptr;
    QPlainTextEdit* negative_ = nullptr;
    QLabel* details_ = nullptr;
    QList<QPushButton*> buttons_;  // enabled only with an image
};

}  // namespace pixart::ui
