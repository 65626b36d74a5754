#include "library_output.h"

#include <cstdio>

#include "api/errors.h"
#include "api/generation_metadata.h"

#if defined(PIXART_CLI_WITH_LIBRARY) && defined(PIXART_CLI_WITH_IMAGING)
#include "api/generation_library.h"
#include "api/image_export.h"
#endif

namespace pixart::cli {

#if defined(PIXART_CLI_WITH_LIBRARY) && defined(PIXART_CLI_WITH_IMAGING)

struct LibraryOutput::Impl {
    GenerationLibrary library;
};

LibraryOutput::LibraryOutput(const std::string& folder)
    : impl_(std::make_unique<Impl>(Impl{GenerationLibrary(folder)})) {
    if (!impl_->library.open_report().empty())
        std::fprintf(stderr, "library: %s\n", impl_->library.open_report().c_str());
}

std::vector<std::string> LibraryOutput::store(const GenerationResult& result,
                                              const GenerationRequest& request,
                                              const ModelInfo& model) {
    std::vector<std::string> stored;
    for (std::size_t i = 0; i < result.images.size(); ++i) {
        const Image& image = result.images[i];
        // Images come prompt-major: prompt p's images_per_prompt images, then the next prompt's.
        const int prompt = static_cast<int>(i) / request.images_per_prompt;
        const int index = static_cast<int>(i) % request.images_per_prompt;
        HistoryRecord record;
        record.metadata = metadata_for(request, prompt, index, model.name);
        record.metadata.width = image.width;
        record.metadata.height = image.height;
        record.metadata.duration_seconds = result.seconds;
        record.metadata.created.clear();  // the library stamps it
        record.model_path = model.path;
        const GenerationMetadata metadata = record.metadata;
        const std::int64_t id = impl_->library.add(record, [&](const std::string& path) {
            export_image(image, metadata, path, library_image_options());
        });
        const auto entry = impl_->library.get(id);
        if (entry) stored.push_back(impl_->library.absolute_path(entry->file));
    }
    return stored;
}

#else

struct LibraryOutput::Impl {};

LibraryOutput::LibraryOutput(const std::string&) {
    throw Error(ErrorKind::Unsupported,
                "--library: this pixart-cli was built without the library or imaging "
                "(-DPIXART_WITH_LIBRARY=ON -DPIXART_WITH_IMAGING=ON)");
}

std::vector<std::string> LibraryOutput::store(const GenerationResult&, const GenerationRequest&,
                                              const ModelInfo&) {
    return {};
}

#endif

LibraryOutput::~LibraryOutput() = default;

}  // namespace pixart::cli
