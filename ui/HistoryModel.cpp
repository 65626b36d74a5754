#include "HistoryModel.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <utility>

#include "ImageLibrary.h"

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
    auto library = library_;
    const PromptOrder order = order_;
    const QString search = search_;
    using Result = std::pair<QList<PromptHistoryEntry>, QString>;
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, ticket] {
        const Result result = watcher->result();
        watcher->deleteLater();
        if (ticket != ticket_) return;
        if (!result.second.isEmpty()) Q_EMIT failed(result.second);
        beginResetModel();
        entries_ = result.first;
        endResetModel();
        Q_EMIT refreshed();
    });
    watcher->setFuture(QtConcurrent::run([library, order, search]() -> Result {
        try {
            return {library->prompts(order, search), {}};
        } catch (const std::exception& e) {
            return {{}, QString::fromUtf8(e.what())};
        }
    }));
}

PromptHistoryEntry HistoryModel::entryAt(int row) const {
    return row >= 0 && row < entries_.size() ? entries_[row] : PromptHistoryEntry{};
}

}  // namespace pixart::ui
