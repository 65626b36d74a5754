// Shown instead of the studio while no model is loaded: where to get the weights, the PixArt-Sigma
// snapshots found in the Hugging Face cache, and a button to open any model folder.
#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace pixart::ui {

class WelcomePage : public QWidget {
    Q_OBJECT

  public:
    explicit WelcomePage(QWidget* parent = nullptr);

    // Looks for cached snapshots again (off the GUI thread).
    void rescan();
    void setMessage(const QString& message);  // e.g. why the last model failed
    QListWidget* snapshotList() const { return snapshots_; }

    static QString downloadCommand() {
        return QStringLiteral("huggingface-cli download PixArt-alpha/PixArt-Sigma-XL-2-1024-MS");
    }

  Q_SIGNALS:
    void modelChosen(const QString& path);
    void scanned(const QStringList& paths);

  private:
    void chooseFolder();

    QLabel* message_ = nullptr;
    QListWidget* snapshots_ = nullptr;
    QPushButton* useSnapshot_ = nullptr;
};

}  // namespace pixart::ui
