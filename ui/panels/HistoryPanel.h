// Prompt history: most recent or most used first, searchable; "Use again" (or a double click)
// restores every setting of the prompt's latest image, the exact seed included.
#pragma once

#include <QWidget>

#include "settings/GenerationSettings.h"

class QComboBox;
class QLineEdit;
class QListView;
class QPushButton;

namespace pixart::ui {

class HistoryModel;

class HistoryPanel : public QWidget {
    Q_OBJECT

  public:
    explicit HistoryPanel(HistoryModel* model, QWidget* parent = nullptr);

    QListView* view() const { return view_; }
    QComboBox* orderBox() const { return order_; }
    QLineEdit* searchEdit() const { return search_; }

  Q_SIGNALS:
    void useAgainRequested(const pixart::ui::GenerationSettings& settings);

  private:
    void useSelected();

    HistoryModel* model_ = nullptr;
    QLineEdit* search_ = nullptr;
    QComboBox* order_ = nullptr;
    QListView* view_ = nullptr;
    QPushButton* useAgain_ = nullptr;
};

}  // namespace pixart::ui
