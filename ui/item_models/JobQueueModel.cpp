#include "item_models/JobQueueModel.h"

namespace pixart::ui {
namespace {
bool isFinished(JobState s) {
    return s == JobState::Completed || s == JobState::Failed || s == JobState::Cancelled;
}
}  // namespace

JobQueueModel::JobQueueModel(QObject* parent) : QAbstractListModel(parent) {}

int JobQueueModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : entries_.size();
}

QVariant JobQueueModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= entries_.size()) return {};
    const Entry& e = entries_[index.row()];
    switch (role) {
        case Qt::DisplayRole: {
            // The prompt first (what the job is), then its state and settings on a line of
            // their own: a narrow dock elides the ends of lines, not the prompt.
            QString prompt = e.job.settings.prompt().simplified();
            if (prompt.size() > 80) prompt = prompt.left(77) + QStringLiteral("…");
            if (prompt.isEmpty()) prompt = tr("(empty prompt)");
            return tr("%1\n#%2 %3 · seed %4 · %5 steps")
                .arg(prompt, QString::number(e.job.id), jobStateName(e.job.state),
                     QString::number(e.job.settings.seed()),
                     QString::number(e.job.settings.request.steps));
        }
        case Qt::ToolTipRole:
            return e.message.isEmpty() ? e.job.settings.prompt() : e.message;
        case JobIdRole:
            return e.job.id;
        case StateRole:
            return static_cast<int>(e.job.state);
        case SeedRole:
            return e.job.settings.seed();
        case MessageRole:
            return e.message;
        default:
            return {};
    }
}

void JobQueueModel::addJob(const GenerationJob& job) {
    if (rowOf(job.id) >= 0) return;
    // Finished jobs sink to the bottom: insert before the first finished one.
    int row = 0;
    while (row < entries_.size() && !isFinished(entries_[row].job.state)) ++row;
    beginInsertRows({}, row, row);
    entries_.insert(row, Entry{job, {}});
    endInsertRows();
}

void JobQueueModel::removeJob(quint64 jobId) {
    const int row = rowOf(jobId);
    if (row < 0) return;
    beginRemoveRows({}, row, row);
    entries_.removeAt(row);
    endRemoveRows();
}

void JobQueueModel::setState(quint64 jobId, JobState state, const QString& message) {
    const int row = rowOf(jobId);
    if (row < 0) return;
    entries_[row].job.state = state;
    entries_[row].message = message;
    if (isFinished(state)) {
        // Move it below the live jobs, newest finished first.
        int dest = 0;
        for (const auto& e : entries_)
            if (!isFinished(e.job.state)) ++dest;
        if (dest != row) {
            beginMoveRows({}, row, row, {}, dest > row ? dest + 1 : dest);
            entries_.move(row, dest);
            endMoveRows();
        }
        const QModelIndex i = index(dest);
        Q_EMIT dataChanged(i, i);
        trimFinished();
        return;
    }
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i);
}

int JobQueueModel::rowOf(quint64 jobId) const {
    for (int i = 0; i < entries_.size(); ++i)
        if (entries_[i].job.id == jobId) return i;
    return -1;
}

JobState JobQueueModel::stateOf(quint64 jobId) const {
    const int row = rowOf(jobId);
    return row >= 0 ? entries_[row].job.state : JobState::Failed;
}

int JobQueueModel::pendingCount() const {
    int n = 0;
    for (const auto& e : entries_)
        if (e.job.state == JobState::Queued) ++n;
    return n;
}

int JobQueueModel::finishedCount() const {
    int n = 0;
    for (const auto& e : entries_)
        if (isFinished(e.job.state)) ++n;
    return n;
}

void JobQueueModel::clearFinished() {
    for (int row = entries_.size() - 1; row >= 0; --row) {
        if (!isFinished(entries_[row].job.state)) continue;
        beginRemoveRows({}, row, row);
        entries_.removeAt(row);
        endRemoveRows();
    }
}

void JobQueueModel::trimFinished() {
    int finished = 0;
    for (const auto& e : entries_)
        if (isFinished(e.job.state)) ++finished;
    while (finished > kKeptFinished) {
        const int last = entries_.size() - 1;
        beginRemoveRows({}, last, last);
        entries_.removeLast();
        endRemoveRows();
        --finished;
    }
}

}  // namespace pixart::ui
