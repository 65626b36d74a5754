// The live "N / 300" counter behind the prompt editors. It counts with the model's own T5
// tokenizer (api/prompt_tokenizer.h: diffusers' exact preprocessing, the count Engine::count_tokens
// reports), loaded and used on a one-thread pool: never on the GUI thread, and never blocked by a
// generation running on the inference thread (the Engine there is busy). Requests are debounced;
// only the latest answer per field is shown.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <memory>

namespace pixart::ui {

class TokenCounter : public QObject {
    Q_OBJECT

  public:
    explicit TokenCounter(QObject* parent = nullptr);
    ~TokenCounter() override;

    // Loads the tokenizer of this model folder (asynchronously).
    void setModel(const QString& modelDir);
    // Counts `text` for `field` (e.g. 0 = prompt, 1 = negative prompt) after a short pause.
    void count(int field, const QString& text);
    void setDebounceMs(int ms) { debounce_.setInterval(ms); }

  Q_SIGNALS:
    void counted(int field, int tokens, int maxTokens);
    // Counting is not possible (no model yet, or this build cannot count).
    void unavailable(int field, const QString& reason);

  private:
    struct Shared;  // the tokenizer, touched only by tasks in pool_
    void flush();

    QThreadPool pool_;
    std::shared_ptr<Shared> shared_;
    QTimer debounce_;
    QHash<int, QString> pending_;
    QHash<int, quint64> latest_;  // per field: the newest request, older answers are dropped
    quint64 counter_ = 0;
};

}  // namespace pixart::ui
