// The left side of the studio: prompt and negative prompt with live token counters, steps,
// guidance, sampler, batch count, seed (with mode, dice and lock), size, the picture to start
// from (image-to-image) with its strength, and Generate / Cancel.
// It only edits GenerationSettings; MainWindow queues the jobs it asks for.
#pragma once

#include <QList>
#include <QWidget>

#include "api/engine.h"
#include "api/model_info.h"
#include "settings/GenerationSettings.h"
#include "settings/SeedPolicy.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace pixart::ui {

class InitImageRow;
class SeedSpinBox;
class SizeSelector;
class TokenCounter;

class PromptPanel : public QWidget {
    Q_OBJECT

  public:
    explicit PromptPanel(QWidget* parent = nullptr);

    GenerationSettings settings() const;
    void applySettings(const GenerationSettings& settings);

    // One entry per job of the next batch, each with its own seed, following the seed mode;
    // moves the shown seed on as the mode says. Called when Generate is pressed.
    QList<GenerationSettings> takeBatch();

    // A model was loaded: its bins become the size presets, its tokenizer counts tokens.
    void setModel(const pixart::ModelInfo& info);
    void setSeedPolicy(const SeedPolicy& policy) { seedPolicy_ = policy; }
    void setGenerationRunning(bool running);  // enables Cancel
    void setGenerateEnabled(bool enabled);    // off while no model is loaded

    // For tests and MainWindow's wiring.
    QPlainTextEdit* promptEdit() const { return promptEdit_; }
    QPlainTextEdit* negativeEdit() const { return negativeEdit_; }
    QLabel* promptTokensLabel() const { return promptTokens_; }
    QLabel* negativeTokensLabel() const { return negativeTokens_; }
    SeedSpinBox* seedBox() const { return seedBox_; }
    QComboBox* seedModeBox() const { return seedModeBox_; }
    QToolButton* diceButton() const { return diceButton_; }
    // Checked = seed mode Fixed; unchecking goes back to the mode used before locking.
    QToolButton* lockButton() const { return lockButton_; }
    QLabel* noiseBatchNote() const { return noiseBatchNote_; }
    SizeSelector* sizeSelector() const { return sizeSelector_; }
    InitImageRow* initImageRow() const { return initImageRow_; }
    QComboBox* samplerBox() const { return samplerBox_; }
    QPushButton* generateButton() const { return generateButton_; }
    QPushButton* cancelButton() const { return cancelButton_; }
    TokenCounter* tokenCounter() const { return tokenCounter_; }

  Q_SIGNALS:
    void generateRequested();  // Generate or Ctrl+Enter
    void cancelRequested();    // Cancel or Esc

  private:
    void showTokenCount(int field, int tokens, int maxTokens);
    void showTokenUnavailable(int field, const QString& reason);
    void recount();
    void setSeedLocked(bool locked);
    void seedModeChanged();
    void setNoiseBatch(int size, int index);

    QPlainTextEdit* promptEdit_ = nullptr;
    QPlainTextEdit* negativeEdit_ = nullptr;
    QLabel* promptTokens_ = nullptr;
    QLabel* negativeTokens_ = nullptr;
    QSpinBox* stepsBox_ = nullptr;
    QDoubleSpinBox* guidanceBox_ = nullptr;
    QComboBox* samplerBox_ = nullptr;
    QSpinBox* batchBox_ = nullptr;
    SeedSpinBox* seedBox_ = nullptr;
    QComboBox* seedModeBox_ = nullptr;
    QToolButton* diceButton_ = nullptr;
    QToolButton* lockButton_ = nullptr;
    SeedMode unlockedSeedMode_ = SeedMode::Random;  // what unlocking returns to
    QLabel* noiseBatchNote_ = nullptr;
    QLabel* textAndSizeNote_ = nullptr;  // binning, caption cleaning, token limit kept
    GenerationSettings textAndSize_;     // their values (no controls of their own)
    // Kept from applySettings while the seed stays as restored (GenerationSettings).
    int noiseBatchSize_ = 0;
    int noiseBatchIndex_ = 0;
    SizeSelector* sizeSelector_ = nullptr;
    InitImageRow* initImageRow_ = nullptr;
    QPushButton* generateButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    TokenCounter* tokenCounter_ = nullptr;
    SeedPolicy seedPolicy_;
};

}  // namespace pixart::ui
