#include "item_models/HistoryModel.h"

#include <utility>

#include "image_library/ImageLibrary.h"
#include "support/PoolTask.h"

namespace pixart::ui {

HistoryModel::HistoryModel(std::shared_ptr<ImageLibrary> library, QObject* parent)
    : QAbstractListModel(parent), library_(std::move(library)) {}

void HistoryModel::setLibrary(std::shared_ptr<ImageLibrary> library) {
    library_ = std::move(library);
    refresh();
}

int HistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : entries_.size();
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= entries_.size()) return {};
    const PromptHistoryEntry& e = entries_[index.row()];
    switch (role) {
        case Qt::DisplayRole: {
            QString prompt = e.prompt.simplified();
            if (prompt.size() > 80) prompt = prompt.left(77) + QStringLiteral("…");
            if (prompt.isEmpty()) prompt = tr("(empty prompt)");
            return e.uses > 1 ? tr("%1  (×%2)").arg(prompt).arg(e.uses) : prompt;
        }
        case Qt::ToolTipRole:
            return tr("%1\nUsed %n time(s), last %2", nullptr, e.uses)
                .arg(e.prompt, e.lastUsed.toString(Qt::TextDate));
        case PromptRole:
            return e.prompt;
        case UsesRole:
            return e.uses;
        case LastUsedRole:
            return e.lastUsed;
        case SettingsRole:
            return QVariant::fromValue(e.lastSettings);
        default:
            return {};
    }
}

void HistoryModel::setOrder(PromptOrder order) {
    if (order == order_) return;
    order_ = order;
    refresh();
}

void HistoryModel::setSearch(const QString& text) {
    if (text == search_) return;
    search_ = text;
    refresh();
}

void HistoryModel::refresh() {
    if (!library_) return;
    const quint64 ticket = ++ticket_;
    runInPool(
        this,
        [library = library_, order = order_, search = search_] {
            return library->prompts(order, search);
        },
        [this, ticket](const QList<PromptHistoryEntry>& entries, const QString& error) {
            if (ticket != ticket_) return;  // a newer refresh is running
            if (!error.isEmpty()) Q_EMIT failed(error);
            beginResetModel();
            entries_ = entries;
            endResetModel();
            Q_EMIT refreshed();
        });
}

PromptHistoryEntry HistoryModel::entryAt(int row) const {
    return row >= 0 && row < entries_.size() ? entries_[row] : PromptHistoryEntry{};
}

}  // namespace pixart::ui
