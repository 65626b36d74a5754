// The studio's LoRAs (a dock): the *.safetensors of a folder (remembered), searchable, each
// with a check box (enabled) and a strength (slider, -2 .. 2). Generate takes the enabled ones;
// "use again" sets them back and says which files are missing.
#pragma once

#include <QStringList>
#include <QWidget>
#include <vector>

#include "api/generation_request.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QSlider;

namespace pixart::ui {

class LoraPanel : public QWidget {
    Q_OBJECT

  public:
    explicit LoraPanel(QWidget* parent = nullptr);

    QString folder() const { return folder_; }
    void setFolder(const QString& folder);  // lists its LoRAs (the enabled ones stay)
    void rescan();

    // The enabled LoRAs, in list order.
    std::vector<pixart::LoraSpec> loras() const;
    // Enables exactly these (strengths set); a file outside the folder is listed too. Returns
    // the ones whose file is not there (not enabled).
    QStringList setLoras(const std::vector<pixart::LoraSpec>& loras);

    // For tests.
    QListWidget* list() const { return list_; }
    QLineEdit* search() const { return search_; }
    QSlider* strengthSlider() const { return slider_; }

  Q_SIGNALS:
    void folderChanged(const QString& folder);

  private:
    QListWidgetItem* itemFor(const QString& path, bool create);
    void showItem(QListWidgetItem* item);
    void selectionChanged();
    void filter(const QString& text);

    QString folder_;
    QLabel* folderLabel_ = nullptr;
    QLineEdit* search_ = nullptr;
    QListWidget* list_ = nullptr;
    QSlider* slider_ = nullptr;
    QLabel* strengthLabel_ = nullptr;
};

}  // namespace pixart::ui
