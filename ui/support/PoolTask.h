// Runs blocking work (library calls) on Qt's thread pool and hands the result back on the thread
// of a context object, so item models never block the GUI thread. Work never throws into the
// pool: what it throws comes back as a message (QFuture would wrap a foreign exception opaquely).
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <type_traits>
#include <utility>

namespace pixart::ui {

// The message of a caught exception; "unknown error" for one that is not a std::exception.
QString exceptionMessage(const std::exception_ptr& error);

// Runs `work()` on a pool thread, then `done(value, error)` on `context`'s thread: `error` is
// empty on success, `value` default-made on failure. For `work` returning void: `done(error)`.
// Nothing is delivered once `context` is gone.
template <typename Work, typename Done>
void runInPool(QObject* context, Work work, Done done) {
    using Value = std::invoke_result_t<Work>;
    if constexpr (std::is_void_v<Value>) {
        runInPool(
            context,
            [work] {
                work();
                return true;
            },
            [done](bool, const QString& error) { done(error); });
    } else {
        using Result = std::pair<Value, QString>;
        auto* watcher = new QFutureWatcher<Result>(context);
        QObject::connect(watcher, &QFutureWatcher<Result>::finished, context, [watcher, done] {
            const Result result = watcher->result();
            watcher->deleteLater();
            done(result.first, result.second);
        });
        watcher->setFuture(QtConcurrent::run([work]() -> Result {
            try {
                return {work(), {}};
            } catch (...) {
                return {Value{}, exceptionMessage(std::current_exception())};
            }
        }));
    }
}

}  // namespace pixart::ui
