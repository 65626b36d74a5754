#include "library_output.h"

#include <cstdio>

#include "api/errors.h"
#include "api/generation_metadata.h"

#if defined(PIXART_CLI_WITH_LIBRARY) && defined(PIXART_CLI_WITH_IMAGING)
#include "api/finished_image.h"
#include "api/generation_library.h"
#include "api/library_writer_lock.h"
#endif

namespace pixart::cli {

#if defined(PIXART_CLI_WITH_LIBRARY) && defined(PIXART_CLI_WITH_IMAGING)

struct LibraryOutput::Impl {
    Impl(const std::string& folder, const std::string& command)
        : lock(folder, command), library(folder) {}
    LibraryWriterLock lock;  // first: the library opens only once the folder is ours
    GenerationLibrary library;
};

LibraryOutput::LibraryOutput(const std::string& folder, const std::string& command)
    : impl_(std::make_unique<Impl>(folder, command)) {
    if (!impl_->library.open_report().empty())
        std::fprintf(stderr, "library: %s\n", impl_->library.open_report().c_str());
}

std::string LibraryOutput::store_image(const Image& image, const GenerationMetadata& metadata,
                                       const std::string& model_path) {
    const HistoryRecord stored = store_finished_image(
        impl_->library,
        finished_image_record(metadata, image, metadata.duration_seconds, model_path), image);
    return impl_->library.absolute_path(stored.file);
}

std::string LibraryOutput::timestamp() const { return current_utc_timestamp(); }

std::optional<std::string> LibraryOutput::find(const std::string& created, std::uint64_t seed,
                                               int batch_index) const {
    HistoryQuery all;
    all.limit = 0;
    for (const HistoryRecord& entry : impl_->library.list(all)) {
        if (entry.metadata.created == created && entry.metadata.seed == seed &&
            entry.metadata.batch_index == batch_index)
            return impl_->library.absolute_path(entry.file);
    }
    return std::nullopt;
}

#else

struct LibraryOutput::Impl {};

LibraryOutput::LibraryOutput(const std::string&, const std::string&) {
    throw Error(ErrorKind::Unsupported,
                "--library: this pixart-cli was built without the library or imaging "
                "(-DPIXART_WITH_LIBRARY=ON -DPIXART_WITH_IMAGING=ON)");
}

std::string LibraryOutput::store_image(const Image&, const GenerationMetadata&,
                                       const std::string&) {
    return {};
}

std::string LibraryOutput::timestamp() const { return {}; }

std::optional<std::string> LibraryOutput::find(const std::string&, std::uint64_t, int) const {
    return std::nullopt;
}

#endif

LibraryOutput::~LibraryOutput() = default;

}  // namespace pixart::cli
