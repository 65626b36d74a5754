// The one error family of the core. Every error carries a message a user can read; the CLI maps
// the kind to a distinct exit code, the studio shows the message.
#pragma once

#include <stdexcept>
#include <string>

namespace pixart {

enum class ErrorKind {
    InvalidArgument,  // a bad value in a request or on the command line (size, steps, …)
    ModelFolder,      // a model folder that is missing pieces or has unusable configs
    CorruptFile,      // a file whose bytes cannot be trusted (truncated, bad header, …)
    Io,               // reading or writing failed (permissions, full disk, …)
    Unsupported,      // a valid setting this build cannot honour (device, dtype, format)
    OutOfMemory,      // an allocation failed
    Cancelled,        // the user cancelled the job
    Internal,         // a bug: should not happen
};

class Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const noexcept { return kind_; }

  private:
    ErrorKind kind_;
};

// Thrown by Engine::generate when its CancelToken fires; the engine stays usable.
class Cancelled : public Error {
  public:
    Cancelled() : Error(ErrorKind::Cancelled, "generation cancelled") {}
};

// A short lowercase name ("model folder", "corrupt file", …) for messages and logs.
const char* error_kind_name(ErrorKind kind) noexcept;

// Distinct process exit codes for the CLI: 0 success, 1 internal, 2 model folder or corrupt
// model file, 3 invalid argument, 4 I/O, 5 unsupported, 6 out of memory, 7 cancelled.
int exit_code_for(ErrorKind kind) noexcept;

}  // namespace pixart
