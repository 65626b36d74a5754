#include "api/finished_image.h"

#include "api/errors.h"
#include "api/generation_library.h"
#include "api/image_export.h"

namespace pixart {

HistoryRecord finished_image_record(const GenerationMetadata& metadata, const Image& image,
                                    double seconds, const std::string& model_path,
                                    const std::string& extra_json) {
    HistoryRecord record;
    record.metadata = metadata;
    // The size made, not the one asked for (0 = native; binning picks another).
    record.metadata.width = image.width;
    record.metadata.height = image.height;
    record.metadata.duration_seconds = seconds;
    record.model_path = model_path;
    record.extra_json = extra_json;
    return record;
}

HistoryRecord store_finished_image(GenerationLibrary& library, const HistoryRecord& record,
                                   const Image& image) {
    if (image.empty()) throw Error(ErrorKind::InvalidArgument, "library: no image to store");
    if (image.width != record.metadata.width || image.height != record.metadata.height)
        throw Error(ErrorKind::InvalidArgument,
                    "library: the image is " + std::to_string(image.width) + "x" +
                        std::to_string(image.height) + " but its record says " +
                        std::to_string(record.metadata.width) + "x" +
                        std::to_string(record.metadata.height));
    HistoryRecord stamped = record;
    // Stamped here rather than by add(), so the file's own metadata carries the same time.
    if (stamped.metadata.created.empty()) stamped.metadata.created = current_utc_timestamp();
    const std::int64_t id = library.add(stamped, [&](const std::string& path) {
        export_image(image, stamped.metadata, path, library_image_options());
    });
    auto stored = library.get(id);
    if (!stored) throw Error(ErrorKind::Internal, "library: the stored image vanished");
    return *stored;
}

}  // namespace pixart
