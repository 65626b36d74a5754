#include "api/library_merge.h"

#include <filesystem>
#include <fstream>
#include <map>

#include "api/errors.h"
#include "api/generation_metadata.h"

namespace fs = std::filesystem;

namespace pixart {
namespace {

// What makes two entries one generation: every setting, the creation time and the model.
std::string identity(const HistoryRecord& record) {
    return record.model_path + '\n' + to_json(record.metadata);
}

std::vector<HistoryRecord> every_entry(const GenerationLibrary& library) {
    HistoryQuery all;
    all.limit = 0;
    std::vector<HistoryRecord> entries = library.list(all);  // newest first
    return {entries.rbegin(), entries.rend()};               // oldest first: ids keep time order
}

bool same_folder(const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::equivalent(a, b, ec);
}

}  // namespace

LibraryMergeReport merge_library(GenerationLibrary& destination, const std::string& source_folder) {
    std::error_code ec;
    if (!fs::is_directory(source_folder, ec))
        throw Error(ErrorKind::Io, source_folder + ": no such library folder");
    if (!fs::exists(fs::path(source_folder) / GenerationLibrary::kDatabaseFileName, ec))
        throw Error(ErrorKind::Io, source_folder + ": not a library (no " +
                                       GenerationLibrary::kDatabaseFileName + " in it)");
    if (same_folder(source_folder, destination.folder()))
        throw Error(ErrorKind::InvalidArgument,
                    source_folder + ": is the destination library itself");

    LibraryMergeReport report;
    const GenerationLibrary source(source_folder);
    report.source_open_report = source.open_report();

    std::map<std::string, std::int64_t> present;  // identity -> destination id
    for (const HistoryRecord& entry : every_entry(destination))
        present.emplace(identity(entry), entry.id);

    for (const HistoryRecord& entry : every_entry(source)) {
        const std::string key = identity(entry);
        if (const auto found = present.find(key); found != present.end()) {
            ++report.already_there;
            if (entry.favourite) {
                const auto there = destination.get(found->second);
                if (there && !there->favourite && destination.set_favourite(found->second, true))
                    ++report.favourites_marked;
            }
            continue;
        }
        const std::string image = source.absolute_path(entry.file);
        if (!std::ifstream(image, std::ios::binary).good()) {
            report.not_merged.push_back("entry " + std::to_string(entry.id) + " (" +
                                        entry.metadata.created + "): its image " + image +
                                        " is missing or unreadable");
            continue;
        }
        HistoryRecord copy = entry;
        copy.id = 0;
        // A failure from here on is the destination's (full disk, permissions): it stops the
        // merge; what was added so far stays, and a second run goes on from there.
        const std::int64_t id = destination.add(copy, [&](const std::string& path) {
            std::error_code copy_ec;
            fs::copy_file(image, path, fs::copy_options::overwrite_existing, copy_ec);
            if (copy_ec)
                throw Error(ErrorKind::Io, path + ": cannot copy " + image +
                                               " into the library: " + copy_ec.message());
        });
        present.emplace(key, id);
        ++report.added;
    }
    return report;
}

}  // namespace pixart
