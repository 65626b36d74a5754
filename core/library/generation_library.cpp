#include "api/generation_library.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "api/errors.h"
#include "library/history_database.h"
#include "library/image_file_store.h"
#include "library/utc_timestamp.h"

namespace fs = std::filesystem;

namespace pixart {
namespace {

// Creates the folder and proves it writable before SQLite's less specific messages can speak.
std::string prepare_folder(const std::string& folder) {
    if (folder.empty()) throw Error(ErrorKind::InvalidArgument, "library folder: no path given");
    std::error_code ec;
    const fs::path path = fs::absolute(folder, ec).lexically_normal();
    if (fs::exists(path, ec) && !fs::is_directory(path, ec)) {
        throw Error(ErrorKind::Io, path.string() + ": the library folder is a file, not a folder");
    }
    fs::create_directories(path, ec);
    if (ec) {
        throw Error(ErrorKind::Io,
                    path.string() + ": cannot create the library folder: " + ec.message());
    }
    if (::access(path.c_str(), W_OK | X_OK) != 0) {
        throw Error(ErrorKind::Io, path.string() + ": the library folder is not writable (" +
                                       std::strerror(errno) + ")");
    }
    std::string text = path.string();
    while (text.size() > 1 && text.back() == '/') text.pop_back();
    return text;
}

}  // namespace

struct GenerationLibrary::Impl {
    explicit Impl(const std::string& folder)
        : files(prepare_folder(folder)),
          database((fs::path(files.folder()) / kDatabaseFileName).string()) {}

    library::ImageFileStore files;
    library::HistoryDatabase database;
};

GenerationLibrary::GenerationLibrary(const std::string& folder)
    : impl_(std::make_unique<Impl>(folder)) {
    // What a killed run left: temporaries of writers that are gone (or older than any write
    // takes), and images moved into place whose history entry was not written yet.
    impl_->files.remove_leftovers(std::chrono::hours(1));
    std::error_code ec;
    impl_->database.recover_pending([&](const std::string& file) {
        return fs::is_regular_file(impl_->files.absolute(file), ec);
    });
}
GenerationLibrary::~GenerationLibrary() = default;
GenerationLibrary::GenerationLibrary(GenerationLibrary&&) noexcept = default;
GenerationLibrary& GenerationLibrary::operator=(GenerationLibrary&&) noexcept = default;

const std::string& GenerationLibrary::folder() const { return impl_->files.folder(); }

std::string GenerationLibrary::database_path() const { return impl_->database.path(); }

const std::string& GenerationLibrary::open_report() const { return impl_->database.open_report(); }

std::string GenerationLibrary::reserve_image_path(const std::string& created, std::uint64_t seed,
                                                  const std::string& extension) const {
    return impl_->files.reserve(created, seed, extension);
}

std::string GenerationLibrary::absolute_path(const std::string& relative_file) const {
    return impl_->files.absolute(relative_file);
}

std::int64_t GenerationLibrary::add(
    const HistoryRecord& record, const std::function<void(const std::string& path)>& write_file) {
    if (!write_file) throw Error(ErrorKind::InvalidArgument, "library: no image writer given");
    HistoryRecord entry = record;
    std::string& created = entry.metadata.created;
    if (created.empty()) {
        created = current_utc_timestamp();
    } else if (!library::parse_utc_timestamp(created)) {
        throw Error(ErrorKind::InvalidArgument,
                    "history record: created '" + created +
                        "' is not an ISO-8601 UTC time like 2026-11-26T13:45:01.123Z");
    }
    const std::string wanted = entry.file.empty()
                                   ? impl_->files.reserve(created, entry.metadata.seed, ".png")
                                   : entry.file;
    // The entry is journalled before the rename and completed after it: a kill in between
    // leaves a journal row that the next open turns into the entry (the file is complete).
    std::string journalled;
    try {
        entry.file = impl_->files.store(wanted, write_file, [&](const std::string& target) {
            HistoryRecord pending = entry;
            pending.file = target;
            impl_->database.journal_pending(pending, journalled);
            journalled = target;
        });
    } catch (...) {
        if (!journalled.empty()) {
            try {
                impl_->database.forget_pending(journalled);
            } catch (const Error&) {
                // the next open forgets it: its file does not exist
            }
        }
        throw;
    }
    try {
        return impl_->database.complete_pending(entry);
    } catch (const Error& e) {
        // The image is safe on disk and journalled; say where, so nothing is lost.
        throw Error(e.kind(), impl_->files.absolute(entry.file) +
                                  ": the image was saved, but its history entry could not be "
                                  "written (it is added when the library is next opened): " +
                                  e.what());
    }
}

std::optional<HistoryRecord> GenerationLibrary::get(std::int64_t id) const {
    return impl_->database.get(id);
}

std::vector<HistoryRecord> GenerationLibrary::list(const HistoryQuery& query) const {
    return impl_->database.list(query);
}

std::int64_t GenerationLibrary::count(const HistoryQuery& query) const {
    return impl_->database.count(query);
}

std::vector<PromptUsage> GenerationLibrary::prompt_usage(const PromptQuery& query) const {
    return impl_->database.prompt_usage(query);
}

bool GenerationLibrary::set_favourite(std::int64_t id, bool favourite) {
    return impl_->database.set_favourite(id, favourite);
}

bool GenerationLibrary::remove(std::int64_t id, bool delete_file) {
    const std::optional<HistoryRecord> entry = impl_->database.get(id);
    if (!entry) return false;
    // The file goes first: if it cannot be deleted the entry stays, so the image stays visible.
    if (delete_file && !entry->file.empty()) impl_->files.remove(entry->file);
    return impl_->database.remove(id);
}

}  // namespace pixart
