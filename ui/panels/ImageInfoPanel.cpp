#include "panels/ImageInfoPanel.h"

#include <QApplication>
#include <QClipboard>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "api/generation_metadata.h"

namespace pixart::ui {
namespace {

QPlainTextEdit* readOnlyText(QWidget* parent, int lines) {
    auto* edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setMaximumHeight(edit->fontMetrics().lineSpacing() * lines + 12);
    return edit;
}

}  // namespace

ImageInfoPanel::ImageInfoPanel(QWidget* parent) : QWidget(parent) {
    prompt_ = readOnlyText(this, 4);
    negative_ = readOnlyText(this, 2);
    details_ = new QLabel(this);
    details_->setObjectName(QStringLiteral("imageDetails"));
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details_->setWordWrap(true);

    auto* copyPrompt = new QPushButton(tr("Copy prompt"), this);
    auto* copySeed = new QPushButton(tr("Copy seed"), this);
    auto* copyParameters = new QPushButton(tr("Copy parameters"), this);
    copyParameters->setToolTip(tr("All settings as A1111-style text (pastes into other tools)"));
    auto* useAgain = new QPushButton(tr("Use again"), this);
    auto* exportButton = new QPushButton(tr("Export for print…"), this);
    buttons_ = {copyPrompt, copySeed, copyParameters, useAgain, exportButton};

    auto* copies = new QGridLayout;
    copies->addWidget(copyPrompt, 0, 0);
    copies->addWidget(copySeed, 0, 1);
    copies->addWidget(copyParameters, 1, 0, 1, 2);
    copies->addWidget(useAgain, 2, 0);
    copies->addWidget(exportButton, 2, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(new QLabel(tr("Prompt"), this));
    layout->addWidget(prompt_);
    layout->addWidget(new QLabel(tr("Negative prompt"), this));
    layout->addWidget(negative_);
    layout->addWidget(details_);
    layout->addLayout(copies);
    layout->addStretch(1);

    connect(copyPrompt, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(entry_.settings.prompt()); });
    connect(copySeed, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(QString::number(entry_.settings.seed()));
    });
    connect(copyParameters, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(parametersText()); });
    connect(useAgain, &QPushButton::clicked, this,
            [this] { Q_EMIT useAgainRequested(entry_.settings); });
    connect(exportButton, &QPushButton::clicked, this, [this] { Q_EMIT exportRequested(entry_); });
    clear();
}

void ImageInfoPanel::showEntry(const LibraryEntry& entry) {
    entry_ = entry;
    prompt_->setPlainText(entry.settings.prompt());
    negative_->setPlainText(entry.settings.negativePrompt());
    const double seconds = entry.metadata.duration_seconds;
    QStringList lines;
    lines << tr("Seed %1").arg(entry.settings.seed())
          << tr("%1 × %2 px").arg(entry.width).arg(entry.height)
          << tr("%1 steps · guidance %2 · %3")
                 .arg(entry.settings.request.steps)
                 .arg(entry.settings.request.guidance_scale)
                 .arg(QString::fromStdString(
                     pixart::sampler_display_name(entry.settings.sampler().toStdString())));
    if (!entry.modelName.isEmpty()) lines << tr("Model %1").arg(entry.modelName);
    if (entry.created.isValid())
        lines << tr("Made %1%2")
                     .arg(QLocale().toString(entry.created.toLocalTime(), QLocale::ShortFormat),
                          seconds > 0 ? tr(" in %1 s").arg(seconds, 0, 'f', 1) : QString());
    if (!entry.settings.initImagePath.isEmpty())
        lines << tr("From %1 (strength %2)")
                     .arg(entry.settings.initImagePath)
                     .arg(entry.settings.request.strength);
    details_->setText(lines.join(QLatin1Char('\n')));
    for (QPushButton* b : buttons_) b->setEnabled(true);
}

void ImageInfoPanel::clear() {
    entry_ = LibraryEntry{};
    prompt_->clear();
    negative_->clear();
    details_->setText(tr("Select an image in the gallery to see how it was made."));
    for (QPushButton* b : buttons_) b->setEnabled(false);
}

QString ImageInfoPanel::detailsText() const { return details_->text(); }

QString ImageInfoPanel::parametersText() const {
    if (entry_.imagePath.isEmpty()) return {};
    return QString::fromStdString(pixart::to_a1111_parameters(entry_.metadata));
}

}  // namespace pixart::ui
