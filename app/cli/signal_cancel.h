// Ctrl+C (SIGINT) and SIGTERM (a cluster's scheduler, `kill`) cancel the running generation
// instead of killing the process half-way through a write: the engine stops between steps
// (exit 7), and a file being written is finished or removed, never left half-written.
// One at a time per process; the previous handlers come back when it goes.
#pragma once

#include <csignal>

#include "api/engine.h"

namespace pixart::cli {

class SignalCancel {
  public:
    SignalCancel();
    ~SignalCancel();
    SignalCancel(const SignalCancel&) = delete;
    SignalCancel& operator=(const SignalCancel&) = delete;

    const CancelToken* token() const;
    bool cancelled() const { return token()->cancelled(); }

  private:
    void (*previous_interrupt_)(int);
    void (*previous_terminate_)(int);
};

}  // namespace pixart::cli
