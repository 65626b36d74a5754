// The visible queue: queued and running jobs, then the most recent finished ones with how they
// ended. Fed by GenerationWorker's signals (on the GUI thread); it never talks to the worker.
#pragma once

#include <QAbstractListModel>
#include <QList>

#include "inference/GenerationJob.h"

namespace pixart::ui {

class JobQueueModel : public QAbstractListModel {
    Q_OBJECT

  public:
    enum Role { JobIdRole = Qt::UserRole + 1, StateRole, SeedRole, MessageRole };

    explicit JobQueueModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void addJob(const GenerationJob& job);
    void removeJob(quint64 jobId);
    void setState(quint64 jobId, JobState state, const QString& message = {});

    int rowOf(quint64 jobId) const;  // -1 if unknown
    JobState stateOf(quint64 jobId) const;
    int pendingCount() const;  // queued, not running
    int finishedCount() const;
    void clearFinished();  // forgets completed, failed and cancelled jobs

    static constexpr int kKeptFinished = 20;

  private:
    struct Entry {
        GenerationJob job;
        QString message;
    };
    void trimFinished();

    QList<Entry> entries_;
};

}  // namespace pixart::ui
