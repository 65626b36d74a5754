#include "panels/HistoryPanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include "item_models/HistoryModel.h"

namespace pixart::ui {

HistoryPanel::HistoryPanel(HistoryModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    search_ = new QLineEdit(this);
    search_->setPlaceholderText(tr("Search prompts…"));
    search_->setClearButtonEnabled(true);
    order_ = new QComboBox(this);
    order_->addItem(tr("Most recent"), static_cast<int>(PromptOrder::MostRecent));
    order_->addItem(tr("Most used"), static_cast<int>(PromptOrder::MostUsed));
    view_ = new QListView(this);
    view_->setModel(model_);
    view_->setWordWrap(true);
    view_->setAlternatingRowColors(true);
    useAgain_ = new QPushButton(tr("Use again"), this);
    useAgain_->setToolTip(tr("Restore every setting of this prompt's latest image, seed included"));

    auto* top = new QHBoxLayout;
    top->addWidget(search_, 1);
    top->addWidget(order_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(view_);
    layout->addWidget(useAgain_);

    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(200);
    connect(search_, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] { model_->setSearch(search_->text()); });
    connect(order_, &QComboBox::currentIndexChanged, this,
            [this] { model_->setOrder(static_cast<PromptOrder>(order_->currentData().toInt())); });
    connect(view_, &QListView::activated, this, [this] { useSelected(); });
    connect(useAgain_, &QPushButton::clicked, this, &HistoryPanel::useSelected);
}

void HistoryPanel::useSelected() {
    const QModelIndex index = view_->currentIndex();
    if (!index.isValid()) return;
    Q_EMIT useAgainRequested(index.data(HistoryModel::SettingsRole).value<GenerationSettings>());
}

}  // namespace pixart::ui
