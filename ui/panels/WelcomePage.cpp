#include "panels/WelcomePage.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "api/model_info.h"
#include "support/PoolTask.h"

namespace pixart::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent) {
    auto* title = new QLabel(tr("<h2>Welcome to PixArt Studio</h2>"), this);
    auto* explain = new QLabel(
        tr("<p>PixArt Studio needs the PixArt-Sigma weights in the diffusers layout: about "
           "21.6 GB for PixArt-Sigma-XL-2-1024-MS (its T5-XXL text encoder alone is 19 GB of "
           "float32, the transformer 2.4 GB). Download them once with the Hugging Face command "
           "line tool:</p>"
           "<pre>pip install -U huggingface_hub\n%1</pre>"
           "<p>They land in the Hugging Face cache (~/.cache/huggingface/hub), where PixArt "
           "Studio finds them. Other sizes: PixArt-Sigma-XL-2-512-MS and "
           "PixArt-Sigma-XL-2-256x256 (the same 19 GB text encoder, a transformer for smaller "
           "images), PixArt-Sigma-XL-2-2K-MS for 2048 px.</p>"
           "<p>A few GB of memory are enough: the text encoder is read from its files block by "
           "block, with exactly the same results as holding it in memory.</p>")
            .arg(downloadCommand().toHtmlEscaped()),
        this);
    explain->setWordWrap(true);
    explain->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    message_->setStyleSheet(QStringLiteral("color: #d04040;"));
    message_->hide();
    snapshots_ = new QListWidget(this);
    useSnapshot_ = new QPushButton(tr("Use this model"), this);
    useSnapshot_->setEnabled(false);
    auto* openFolder = new QPushButton(tr("Open a model folder…"), this);
    auto* rescanButton = new QPushButton(tr("Look again"), this);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(useSnapshot_);
    buttons->addWidget(rescanButton);
    buttons->addStretch();
    buttons->addWidget(openFolder);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 32, 48, 32);
    layout->addWidget(title);
    layout->addWidget(explain);
    layout->addWidget(message_);
    layout->addWidget(new QLabel(tr("Found in the Hugging Face cache:"), this));
    layout->addWidget(snapshots_, 1);
    layout->addLayout(buttons);

    connect(snapshots_, &QListWidget::currentRowChanged, this,
            [this](int row) { useSnapshot_->setEnabled(row >= 0); });
    const auto choose = [this] {
        if (auto* item = snapshots_->currentItem())
            Q_EMIT modelChosen(item->data(Qt::UserRole).toString());
    };
    connect(useSnapshot_, &QPushButton::clicked, this, choose);
    connect(snapshots_, &QListWidget::itemActivated, this, choose);
    connect(openFolder, &QPushButton::clicked, this, &WelcomePage::chooseFolder);
    connect(rescanButton, &QPushButton::clicked, this, &WelcomePage::rescan);
    rescan();
}

void WelcomePage::rescan() {
    runInPool(
        this,
        [] {
            QStringList paths;
            for (const auto& p : pixart::find_cached_model_paths())
                paths << QString::fromStdString(p);
            return paths;
        },
        // An unreadable cache (an error) is the same as an empty one here.
        [this](const QStringList& paths, const QString&) {
            snapshots_->clear();
            for (const QString& path : paths) {
                auto* item = new QListWidgetItem(path, snapshots_);
                item->setData(Qt::UserRole, path);
            }
            if (paths.isEmpty()) {
                auto* none = new QListWidgetItem(
                    tr("(none yet — run the command above, then “Look again”)"), snapshots_);
                none->setFlags(Qt::NoItemFlags);
            } else {
                snapshots_->setCurrentRow(0);
            }
            Q_EMIT scanned(paths);
        });
}

void WelcomePage::setMessage(const QString& message) {
    message_->setText(message);
    message_->setVisible(!message.isEmpty());
}

void WelcomePage::chooseFolder() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open a PixArt-Sigma model folder (with model_index.json)"));
    if (!dir.isEmpty()) Q_EMIT modelChosen(dir);
}

}  // namespace pixart::ui
