// The queue as a list: queued, running and recently finished jobs; queued ones can be removed
// before they start, the running one cancelled.
#pragma once

#include <QWidget>

class QListView;
class QPushButton;

namespace pixart::ui {

class JobQueueModel;

class QueuePanel : public QWidget {
    Q_OBJECT

  public:
    explicit QueuePanel(JobQueueModel* model, QWidget* parent = nullptr);

    QListView* view() const { return view_; }
    QPushButton* removeButton() const { return removeButton_; }
    QPushButton* clearButton() const { return clearButton_; }
    QPushButton* cancelButton() const { return cancelButton_; }

  Q_SIGNALS:
    void removeRequested(quint64 jobId);
    void cancelRunningRequested();

  private:
    void updateButtons();

    JobQueueModel* model_ = nullptr;
    QListView* view_ = nullptr;
    QPushButton* removeButton_ = nullptr;
    QPushButton* clearButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
};

}  // namespace pixart::ui
