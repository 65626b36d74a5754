#include "panels/PromptPanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStringList>
#include <QToolButton>
#include <QUuid>
#include <QVBoxLayout>

#include "api/generation_metadata.h"
#include "settings/AspectRatioPresets.h"
#include "support/Theme.h"
#include "widgets/InitImageRow.h"
#include "widgets/SeedSpinBox.h"
#include "widgets/SizeSelector.h"
#include "widgets/TokenCounter.h"

namespace pixart::ui {
namespace {
constexpr int kPromptField = 0;
constexpr int kNegativeField = 1;

QPlainTextEdit* makeEditor(QWidget* parent, const QString& placeholder, int lines) {
    auto* edit = new QPlainTextEdit(parent);
    edit->setPlaceholderText(placeholder);
    edit->setTabChangesFocus(true);
    const int lineHeight = edit->fontMetrics().lineSpacing();
    edit->setMinimumHeight(lineHeight * lines + 12);
    return edit;
}
}  // namespace

PromptPanel::PromptPanel(QWidget* parent) : QWidget(parent) {
    promptEdit_ = makeEditor(this, tr("Describe the image…"), 4);
    promptEdit_->setObjectName(QStringLiteral("prompt"));
    negativeEdit_ = makeEditor(this, tr("What the image should not show (optional)"), 2);
    negativeEdit_->setObjectName(QStringLiteral("negativePrompt"));
    promptTokens_ = new QLabel(this);
    negativeTokens_ = new QLabel(this);
    for (QLabel* label : {promptTokens_, negativeTokens_}) {
        label->setAlignment(Qt::AlignRight);
        label->setText(QStringLiteral("– / 300"));
    }

    stepsBox_ = new QSpinBox(this);
    stepsBox_->setRange(1, 200);
    guidanceBox_ = new QDoubleSpinBox(this);
    guidanceBox_->setRange(1.0, 30.0);
    guidanceBox_->setSingleStep(0.5);
    guidanceBox_->setDecimals(2);
    guidanceBox_->setToolTip(
        tr("Classifier-free guidance; 1 turns it (and the negative prompt) off"));
    samplerBox_ = new QComboBox(this);
    // Human names ("DPM++ 2M Karras"), the core's id as the item's data.
    for (const auto& name : pixart::Engine::samplers())
        samplerBox_->addItem(QString::fromStdString(pixart::sampler_display_name(name)),
                             QString::fromStdString(name));
    batchBox_ = new QSpinBox(this);
    batchBox_->setRange(1, 100);
    batchBox_->setToolTip(tr("Images per press of Generate; seeds seed, seed + 1, …"));

    seedBox_ = new SeedSpinBox(this);
    // Wide enough for all ten digits of 4294967295.
    seedBox_->setMinimumWidth(
        seedBox_->fontMetrics().horizontalAdvance(QStringLiteral("4294967295")) + 40);
    seedBox_->setToolTip(tr("0 … 4294967295; the same seed and settings give the same image"));
    seedModeBox_ = new QComboBox(this);
    seedModeBox_->addItem(tr("Random"), static_cast<int>(SeedMode::Random));
    seedModeBox_->addItem(tr("Fixed"), static_cast<int>(SeedMode::Fixed));
    seedModeBox_->addItem(tr("Increment"), static_cast<int>(SeedMode::Increment));
    diceButton_ = new QToolButton(this);
    diceButton_->setIcon(QIcon(QStringLiteral(":/icons/dice.png")));
    diceButton_->setText(tr("Dice"));  // shown where the icon is missing
    diceButton_->setToolTip(tr("A new random seed"));
    lockButton_ = new QToolButton(this);
    lockButton_->setCheckable(true);
    lockButton_->setIcon(QIcon(QStringLiteral(":/icons/lock.png")));
    lockButton_->setText(tr("Lock"));
    lockButton_->setToolTip(tr("Keep this seed for every press (Fixed); unlock to go back"));
    auto* seedRow = new QHBoxLayout;
    seedRow->addWidget(seedBox_, 1);
    seedRow->addWidget(diceButton_);
    seedRow->addWidget(lockButton_);
    seedRow->addWidget(seedModeBox_);

    noiseBatchNote_ = new QLabel(this);
    noiseBatchNote_->setWordWrap(true);
    noiseBatchNote_->setVisible(false);

    textAndSizeNote_ = new QLabel(this);
    textAndSizeNote_->setObjectName(QStringLiteral("textAndSizeNote"));
    textAndSizeNote_->setWordWrap(true);
    textAndSizeNote_->setVisible(false);

    sizeSelector_ = new SizeSelector(this);
    initImageRow_ = new InitImageRow(this);

    generateButton_ = new QPushButton(tr("Generate"), this);
    generateButton_->setToolTip(tr("Queue a generation (Ctrl+Enter)"));
    generateButton_->setDefault(true);
    markPrimaryAction(generateButton_);  // accented like the toolbar's Generate
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    cancelButton_->setToolTip(tr("Stop the running generation at its next step (Esc)"));
    cancelButton_->setEnabled(false);

    auto* form = new QFormLayout;
    form->addRow(tr("Steps"), stepsBox_);
    form->addRow(tr("Guidance"), guidanceBox_);
    form->addRow(tr("Sampler"), samplerBox_);
    form->addRow(tr("Batch count"), batchBox_);
    form->addRow(tr("Seed"), seedRow);
    form->addRow(QString(), noiseBatchNote_);
    form->addRow(tr("Size"), sizeSelector_);
    form->addRow(tr("Start from"), initImageRow_);
    form->addRow(QString(), textAndSizeNote_);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(generateButton_, 1);
    buttons->addWidget(cancelButton_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Prompt"), this));
    layout->addWidget(promptEdit_, 3);
    layout->addWidget(promptTokens_);
    layout->addWidget(new QLabel(tr("Negative prompt"), this));
    layout->addWidget(negativeEdit_, 1);
    layout->addWidget(negativeTokens_);
    layout->addLayout(form);
    layout->addStretch();
    layout->addLayout(buttons);

    tokenCounter_ = new TokenCounter(this);
    connect(tokenCounter_, &TokenCounter::counted, this, &PromptPanel::showTokenCount);
    connect(tokenCounter_, &TokenCounter::unavailable, this, &PromptPanel::showTokenUnavailable);
    connect(promptEdit_, &QPlainTextEdit::textChanged, this,
            [this] { tokenCounter_->count(kPromptField, promptEdit_->toPlainText()); });
    connect(negativeEdit_, &QPlainTextEdit::textChanged, this,
            [this] { tokenCounter_->count(kNegativeField, negativeEdit_->toPlainText()); });

    connect(diceButton_, &QToolButton::clicked, this,
            [this] { seedBox_->setValue(seedPolicy_.randomSeed()); });
    connect(lockButton_, &QToolButton::toggled, this, &PromptPanel::setSeedLocked);
    // Another seed is another draw: the restored batch place no longer applies.
    connect(seedBox_, &SeedSpinBox::valueChanged, this, [this] { setNoiseBatch(0, 0); });
    connect(seedModeBox_, &QComboBox::currentIndexChanged, this, &PromptPanel::seedModeChanged);
    // Image-to-image generates at the picture's size: the size presets do not apply then.
    connect(initImageRow_, &InitImageRow::pictureChanged, this, [this](const QString& path) {
        sizeSelector_->setEnabled(path.isEmpty());
        sizeSelector_->setToolTip(path.isEmpty() ? QString()
                                                 : tr("Starting from a picture: its size is used"));
    });
    connect(generateButton_, &QPushButton::clicked, this, &PromptPanel::generateRequested);
    connect(cancelButton_, &QPushButton::clicked, this, &PromptPanel::cancelRequested);

    // Window-wide, so they work wherever the focus is in the main window.
    for (const QKeySequence& keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto* shortcut = new QShortcut(keys, this);
        connect(shortcut, &QShortcut::activated, this, [this] {
            if (generateButton_->isEnabled()) Q_EMIT generateRequested();
        });
    }
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, this, &PromptPanel::cancelRequested);

    applySettings(GenerationSettings{});
}

GenerationSettings PromptPanel::settings() const {
    GenerationSettings s;
    s.setPrompt(promptEdit_->toPlainText());
    s.setNegativePrompt(negativeEdit_->toPlainText());
    s.request.steps = stepsBox_->value();
    s.request.guidance_scale = guidanceBox_->value();
    s.setSampler(samplerBox_->currentData().toString());
    s.batchCount = batchBox_->value();
    s.setSeed(seedBox_->value());
    s.seedMode = static_cast<SeedMode>(seedModeBox_->currentData().toInt());
    s.request.noise_batch_size = noiseBatchSize_;
    s.request.noise_batch_index = noiseBatchIndex_;
    const QSize size = sizeSelector_->size();
    s.request.width = size.width();
    s.request.height = size.height();
    s.initImagePath = initImageRow_->path();
    s.request.strength = initImageRow_->strength();
    s.refine = initImageRow_->refine();
    if (!s.initImagePath.isEmpty())
        s.request.width = s.request.height = 0;  // the picture's own size
    // No controls of their own: what the last applied settings said (use again) stays.
    s.request.resolution_binning = textAndSize_.request.resolution_binning;
    s.request.clean_caption = textAndSize_.request.clean_caption;
    s.request.max_sequence_length = textAndSize_.request.max_sequence_length;
    return s;
}

void PromptPanel::applySettings(const GenerationSettings& s) {
    if (promptEdit_->toPlainText() != s.prompt()) promptEdit_->setPlainText(s.prompt());
    if (negativeEdit_->toPlainText() != s.negativePrompt())
        negativeEdit_->setPlainText(s.negativePrompt());
    stepsBox_->setValue(s.request.steps);
    guidanceBox_->setValue(s.request.guidance_scale);
    const int sampler = samplerBox_->findData(s.sampler());
    if (sampler >= 0) samplerBox_->setCurrentIndex(sampler);
    batchBox_->setValue(s.batchCount);
    seedBox_->setValue(s.seed());
    setNoiseBatch(s.request.noise_batch_size,
                  s.request.noise_batch_index);  // after the seed, which clears it
    seedModeBox_->setCurrentIndex(seedModeBox_->findData(static_cast<int>(s.seedMode)));
    if (s.request.width > 0 && s.request.height > 0)
        sizeSelector_->setSize(QSize(s.request.width, s.request.height));
    initImageRow_->setPicture(s.initImagePath, s.refine);
    initImageRow_->setStrength(s.request.strength);
    textAndSize_ = s;
    // Said, since nothing else shows them: an image made with other text or size handling.
    QStringList kept;
    if (!s.request.resolution_binning) kept << tr("no resolution binning");
    if (s.request.clean_caption) kept << tr("caption cleaning");
    if (s.request.max_sequence_length != 300)
        kept << tr("%1 text tokens at most").arg(s.request.max_sequence_length);
    textAndSizeNote_->setText(
        kept.isEmpty() ? QString()
                       : tr("Kept from the image: %1").arg(kept.join(QStringLiteral(", "))));
    textAndSizeNote_->setVisible(!kept.isEmpty());
}

QList<GenerationSettings> PromptPanel::takeBatch() {
    const GenerationSettings base = settings();
    const SeedPolicy::Plan plan = seedPolicy_.plan(base.seedMode, base.seed(), base.batchCount);
    // The jobs of one press are one batch in the gallery.
    const QString batchId =
        plan.seeds.size() > 1 ? QUuid::createUuid().toString(QUuid::WithoutBraces) : QString();
    QList<GenerationSettings> jobs;
    for (const quint32 seed : plan.seeds) {
        GenerationSettings job = base;
        job.setSeed(seed);
        job.batchId = batchId;
        if (seed != base.seed()) job.request.noise_batch_size = job.request.noise_batch_index = 0;
        jobs.append(job);
    }
    seedBox_->setValue(plan.nextShown);
    return jobs;
}

void PromptPanel::setModel(const pixart::ModelInfo& info) {
    sizeSelector_->setPresets(AspectRatioPresets(info.sample_size, info.bins));
    tokenCounter_->setModel(QString::fromStdString(info.path));
    recount();
}

void PromptPanel::recount() {
    tokenCounter_->count(kPromptField, promptEdit_->toPlainText());
    tokenCounter_->count(kNegativeField, negativeEdit_->toPlainText());
}

void PromptPanel::setGenerationRunning(bool running) { cancelButton_->setEnabled(running); }

void PromptPanel::setGenerateEnabled(bool enabled) { generateButton_->setEnabled(enabled); }

void PromptPanel::showTokenCount(int field, int tokens, int maxTokens) {
    QLabel* label = field == kPromptField ? promptTokens_ : negativeTokens_;
    const bool over = tokens > maxTokens;
    label->setText(over ? tr("%1 / %2 — the end is cut off").arg(tokens).arg(maxTokens)
                        : QStringLiteral("%1 / %2").arg(tokens).arg(maxTokens));
    label->setStyleSheet(over ? QStringLiteral("color: #d04040; font-weight: bold;") : QString());
    label->setToolTip(
        over ? tr("PixArt-Sigma reads at most %1 tokens; the rest is ignored.").arg(maxTokens)
             : QString());
    label->setProperty("overLimit", over);
}

void PromptPanel::showTokenUnavailable(int field, const QString& reason) {
    QLabel* label = field == kPromptField ? promptTokens_ : negativeTokens_;
    label->setText(QStringLiteral("– / 300"));
    label->setStyleSheet(QString());
    label->setToolTip(tr("Token count unavailable: %1").arg(reason));
    label->setProperty("overLimit", false);
}

void PromptPanel::setSeedLocked(bool locked) {
    const auto mode = static_cast<SeedMode>(seedModeBox_->currentData().toInt());
    if (locked && mode != SeedMode::Fixed) {
        seedModeBox_->setCurrentIndex(seedModeBox_->findData(static_cast<int>(SeedMode::Fixed)));
    } else if (!locked && mode == SeedMode::Fixed) {
        seedModeBox_->setCurrentIndex(seedModeBox_->findData(static_cast<int>(unlockedSeedMode_)));
    }
}

// The mode box is the truth (settings, "use again" and the user set it); the lock follows it.
void PromptPanel::seedModeChanged() {
    const auto mode = static_cast<SeedMode>(seedModeBox_->currentData().toInt());
    if (mode != SeedMode::Fixed) unlockedSeedMode_ = mode;
    const QSignalBlocker blocker(lockButton_);
    lockButton_->setChecked(mode == SeedMode::Fixed);
}

void PromptPanel::setNoiseBatch(int size, int index) {
    noiseBatchSize_ = size;
    noiseBatchIndex_ = index;
    noiseBatchNote_->setVisible(size > 0);
    if (size > 0) {
        noiseBatchNote_->setText(
            tr("Noise of image %1 of a batch of %2, as first generated").arg(index + 1).arg(size));
    }
}

}  // namespace pixart::ui
