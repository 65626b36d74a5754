#include "inference/InferenceThread.h"

namespace pixart::ui {

InferenceThread::InferenceThread(QObject* parent) : QObject(parent) {
    thread_ = new QThread(this);
    thread_->setObjectName(QStringLiteral("pixart-inference"));
    worker_ = new GenerationWorker;  // no parent: it moves to thread_
    worker_->moveToThread(thread_);
    thread_->start();
}

InferenceThread::~InferenceThread() {
    worker_->cancelAll();
    thread_->quit();
    thread_->wait();
    // The thread has ended, so no one else touches the worker (or its engine) any more.
    delete worker_;
}

}  // namespace pixart::ui
