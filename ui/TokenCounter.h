// The live "N / 300" counter behind the prompt editors. Counting needs the model's tokenizer, so
// this keeps its own light Engine (Engine::open reads configs and headers, never weights) and uses
// it from a one-thread pool: never on the GUI thread, never concurrently, and never blocked by a
// generation running on the inference thread. Requests are debounced; only the latest counts.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <memory>

#include "api/engine.h"

namespace pixart::ui {

class TokenCounter : public QObject {
    Q_OBJECT

  public:
    explicit TokenCounter(QObject* parent = nullptr);
    ~TokenCounter() override;

    // Opens the tokenizer of this model folder (asynchronously); pending counts re-run.
    void setModel(const QString& modelDir, const pixart::EngineOptions& options);
    // Counts `text` for `field` (e.g. 0 = prompt, 1 = negative prompt) after a short pause.
    void count(int field, const QString& text);
    void setDebounceMs(int ms) { debounce_.setInterval(ms); }

  Q_SIGNALS:
    void counted(int field, int tokens, int maxTokens);
    // Counting is not possible (no model yet, or this build cannot count).
    void unavailable(int field, const QString& reason);

  private:
    struct Shared;  // the engine, touched only by tasks in pool_
    void flush();

    QThreadPool pool_;
    std::shared_ptr<Shared> shared_;
    QTimer debounce_;
    QHash<int, QString> pending_;
    QHash<int, quint64> latest_;  // per field: the newest request, older answers are dropped
    quint64 counter_ = 0;
};

}  // namespace pixart::ui
