#include "panels/QueuePanel.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

#include "item_models/JobQueueModel.h"

namespace pixart::ui {

QueuePanel::QueuePanel(JobQueueModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    view_ = new QListView(this);
    view_->setModel(model_);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setUniformItemSizes(true);  // every row is two lines: prompt, then state
    view_->setTextElideMode(Qt::ElideRight);
    view_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    removeButton_ = new QPushButton(tr("Remove"), this);
    removeButton_->setToolTip(tr("Remove the selected jobs that have not started"));
    clearButton_ = new QPushButton(tr("Clear finished"), this);
    clearButton_->setToolTip(tr("Forget the jobs that have ended (their images stay)"));
    // Short, so the row of buttons fits a narrow dock.
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    cancelButton_->setToolTip(tr("Stop the running job at its next step (Esc)"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(removeButton_);
    buttons->addWidget(clearButton_);
    buttons->addStretch();
    buttons->addWidget(cancelButton_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(view_);
    layout->addLayout(buttons);

    connect(removeButton_, &QPushButton::clicked, this, [this] {
        const auto rows = view_->selectionModel()->selectedRows();
        QList<quint64> ids;
        for (const QModelIndex& i : rows)
            if (i.data(JobQueueModel::StateRole).toInt() == static_cast<int>(JobState::Queued))
                ids.append(i.data(JobQueueModel::JobIdRole).toULongLong());
        for (const quint64 id : ids) Q_EMIT removeRequested(id);
    });
    connect(cancelButton_, &QPushButton::clicked, this, &QueuePanel::cancelRunningRequested);
    connect(clearButton_, &QPushButton::clicked, model_, &JobQueueModel::clearFinished);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &QueuePanel::updateButtons);
    connect(model_, &QAbstractItemModel::dataChanged, this, &QueuePanel::updateButtons);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &QueuePanel::updateButtons);
    connect(model_, &QAbstractItemModel::rowsInserted, this, &QueuePanel::updateButtons);
    updateButtons();
}

void QueuePanel::updateButtons() {
    bool anyQueued = false;
    for (const QModelIndex& i : view_->selectionModel()->selectedRows())
        anyQueued |= i.data(JobQueueModel::StateRole).toInt() == static_cast<int>(JobState::Queued);
    removeButton_->setEnabled(anyQueued);
    bool running = false;
    for (int r = 0; r < model_->rowCount(); ++r)
        running |= model_->index(r).data(JobQueueModel::StateRole).toInt() ==
                   static_cast<int>(JobState::Running);
    cancelButton_->setEnabled(running);
    clearButton_->setEnabled(model_->finishedCount() > 0);
}

}  // namespace pixart::ui
