#include "widgets/TokenCounter.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <optional>

#include "api/errors.h"
#include "api/prompt_tokenizer.h"
#include "support/ErrorText.h"

namespace pixart::ui {

struct TokenCounter::Shared {
    std::optional<pixart::PromptTokenizer> tokenizer;
    QString openError;
};

namespace {
struct CountResult {
    int tokens = -1;
    int maxTokens = 300;
    QString error;
};
}  // namespace

TokenCounter::TokenCounter(QObject* parent) : QObject(parent), shared_(std::make_shared<Shared>()) {
    pool_.setMaxThreadCount(1);  // the Engine is used from one thread at a time
    debounce_.setSingleShot(true);
    debounce_.setInterval(150);
    connect(&debounce_, &QTimer::timeout, this, &TokenCounter::flush);
    shared_->openError = tr("no model loaded");
}

TokenCounter::~TokenCounter() { pool_.waitForDone(); }

void TokenCounter::setModel(const QString& modelDir) {
    auto shared = shared_;
    const std::string dir = modelDir.toStdString();
    pool_.start([shared, dir] {
        try {
            shared->tokenizer = pixart::PromptTokenizer::for_model(dir);
            shared->openError.clear();
        } catch (const pixart::Error& e) {
            shared->tokenizer.reset();
            shared->openError = describeError(e);
        } catch (const std::exception& e) {
            shared->tokenizer.reset();
            shared->openError = QString::fromUtf8(e.what());
        }
    });
}

void TokenCounter::count(int field, const QString& text) {
    pending_[field] = text;
    debounce_.start();
}

void TokenCounter::flush() {
    const auto pending = pending_;
    pending_.clear();
    for (auto it = pending.constBegin(); it != pending.constEnd(); ++it) {
        const int field = it.key();
        const quint64 ticket = ++counter_;
        latest_[field] = ticket;
        auto shared = shared_;
        const std::string text = it.value().toStdString();
        auto* watcher = new QFutureWatcher<CountResult>(this);
        connect(watcher, &QFutureWatcher<CountResult>::finished, this,
                [this, watcher, field, ticket] {
                    const CountResult r = watcher->result();
                    watcher->deleteLater();
                    if (latest_.value(field) != ticket) return;  // a newer request is on its way
                    if (r.tokens >= 0) {
                        Q_EMIT counted(field, r.tokens, r.maxTokens);
                    } else {
                        Q_EMIT unavailable(field, r.error);
                    }
                });
        watcher->setFuture(QtConcurrent::run(&pool_, [shared, text]() -> CountResult {
            CountResult r;
            if (!shared->tokenizer) {
                r.error = shared->openError;
                return r;
            }
            try {
                r.tokens = shared->tokenizer->encode(text).num_tokens;
                r.maxTokens = 300;  // PixArt-Sigma's max_sequence_length
            } catch (const pixart::Error& e) {
                r.error = describeError(e);
            } catch (const std::exception& e) {
                r.error = QString::fromUtf8(e.what());
            }
            return r;
        }));
    }
}

}  // namespace pixart::ui
