#include "library/sqlite_error.h"

#include <sqlite3.h>

namespace pixart::library {

ErrorKind error_kind_for_sqlite(int result_code) noexcept {
    switch (result_code & 0xff) {
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return ErrorKind::CorruptFile;
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_READONLY:
        case SQLITE_FULL:
        case SQLITE_PERM:
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_PROTOCOL:
            return ErrorKind::Io;
        case SQLITE_NOMEM:
            return ErrorKind::OutOfMemory;
        case SQLITE_TOOBIG:
        case SQLITE_RANGE:
        case SQLITE_MISMATCH:
        case SQLITE_CONSTRAINT:
            return ErrorKind::InvalidArgument;
        default:
            return ErrorKind::Internal;
    }
}

}  // namespace pixart::library
