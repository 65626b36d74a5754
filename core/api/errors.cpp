#include "api/errors.h"

namespace pixart {

const char* error_kind_name(ErrorKind kind) noexcept {
    switch (kind) {
        case ErrorKind::InvalidArgument: return "invalid argument";
        case ErrorKind::ModelFolder: return "model folder";
        case ErrorKind::CorruptFile: return "corrupt file";
        case ErrorKind::Io: return "i/o";
        case ErrorKind::Unsupported: return "unsupported";
        case ErrorKind::OutOfMemory: return "out of memory";
        case ErrorKind::Cancelled: return "cancelled";
        case ErrorKind::Internal: return "internal";
    }
    return "internal";
}

int exit_code_for(ErrorKind kind) noexcept {
    switch (kind) {
        case ErrorKind::Internal: return 1;
        case ErrorKind::ModelFolder:
        case ErrorKind::CorruptFile: return 2;
        case ErrorKind::InvalidArgument: return 3;
        case ErrorKind::Io: return 4;
        case ErrorKind::Unsupported: return 5;
        case ErrorKind::OutOfMemory: return 6;
        case ErrorKind::Cancelled: return 7;
    }
    return 1;
}

}  // namespace pixart
