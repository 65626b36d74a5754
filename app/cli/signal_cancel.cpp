#include "signal_cancel.h"

namespace pixart::cli {
namespace {

CancelToken g_cancel;

void cancel_on_signal(int) { g_cancel.cancel(); }  // a lock-free atomic store: signal-safe

}  // namespace

SignalCancel::SignalCancel() {
    g_cancel.reset();
    previous_interrupt_ = std::signal(SIGINT, cancel_on_signal);
    previous_terminate_ = std::signal(SIGTERM, cancel_on_signal);
}

SignalCancel::~SignalCancel() {
    std::signal(SIGINT, previous_interrupt_);
    std::signal(SIGTERM, previous_terminate_);
}

const CancelToken* SignalCancel::token() const { return &g_cancel; }

}  // namespace pixart::cli
