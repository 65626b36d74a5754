// The prompt history: every prompt used, most recent or most used first, searchable; each row
// carries the full settings of its latest image for "use again". Queries run on a pool thread.
#pragma once

#include <QAbstractListModel>
#include <QList>
#include <memory>

#include "item_models/LibraryEntry.h"

namespace pixart::ui {

class ImageLibrary;

class HistoryModel : public QAbstractListModel {
    Q_OBJECT

  public:
    enum Role { PromptRole = Qt::UserRole + 1, UsesRole, LastUsedRole, SettingsRole };

    explicit HistoryModel(std::shared_ptr<ImageLibrary> library, QObject* parent = nullptr);

    void setLibrary(std::shared_ptr<ImageLibrary> library);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void setOrder(PromptOrder order);
    PromptOrder order() const { return order_; }
    void setSearch(const QString& text);
    void refresh();

    PromptHistoryEntry entryAt(int row) const;

  Q_SIGNALS:
    void refreshed();
    void failed(const QString& message);

  private:
    std::shared_ptr<ImageLibrary> library_;
    QList<PromptHistoryEntry> entries_;
    PromptOrder order_ = PromptOrder::MostRecent;
    QString search_;
    quint64 ticket_ = 0;
};

}  // namespace pixart::ui
