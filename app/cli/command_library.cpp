// pixart-cli library merge — one library from the libraries of a cluster batch's shards (each
// shard writes its own: SQLite is not safe over shared filesystems).
#include <iostream>
#include <nlohmann/json.hpp>

#include "api/errors.h"
#include "command_line.h"
#include "commands.h"

#ifdef PIXART_CLI_WITH_LIBRARY
#include "api/generation_library.h"
#include "api/library_merge.h"
#include "api/library_writer_lock.h"
#endif

namespace pixart::cli {

#ifndef PIXART_CLI_WITH_LIBRARY

int command_library(const Args&) {
    throw Error(
        ErrorKind::Unsupported,
        "library: this pixart-cli was built without the library (-DPIXART_WITH_LIBRARY=ON)");
}

#else

namespace {

const char* const kUsage =
    "usage: pixart-cli library merge DEST SRC [SRC...]\n\n"
    "Merges the libraries SRC (e.g. the shards of a cluster batch) into the library DEST\n"
    "(created if needed): every entry DEST lacks is added with a copy of its image, its\n"
    "settings, time and favourite mark. An entry DEST already has (same settings, time and\n"
    "model) is not added again, so merging twice is safe, and a merge that was killed can\n"
    "simply run again. DEST takes a writer lock: no batch may write it meanwhile.\n"
    "stdout: one JSON line per SRC ({\"source\", \"added\", \"already_there\", \"not_merged\"}).\n"
    "Exit code: 0 when every entry is in DEST, 4 when an entry could not be merged (its image\n"
    "is missing or unreadable; the others are merged) or DEST cannot be written.\n";

}  // namespace

int command_library(const Args& args) {
    const CommandLine cl(args, {}, {"help"});
    const auto& words = cl.positional();
    if (cl.flag("help") || words.empty()) {
        std::cout << kUsage;
        if (words.empty() && !cl.flag("help"))
            throw Error(ErrorKind::InvalidArgument, "library: give a subcommand (merge)");
        return 0;
    }
    if (words.front() != "merge")
        throw Error(ErrorKind::InvalidArgument,
                    "library: unknown subcommand '" + words.front() + "' (known: merge)");
    if (words.size() < 3)
        throw Error(ErrorKind::InvalidArgument, "library merge: give DEST and at least one SRC");

    const std::string destination_folder = words[1];
    const LibraryWriterLock lock(destination_folder, "pixart-cli library merge");
    GenerationLibrary destination(destination_folder);
    if (!destination.open_report().empty())
        std::cerr << "library: " << destination.open_report() << '\n';

    std::int64_t added = 0, already = 0, missing = 0;
    for (std::size_t i = 2; i < words.size(); ++i) {
        const LibraryMergeReport report = merge_library(destination, words[i]);
        if (!report.source_open_report.empty())
            std::cerr << words[i] << ": " << report.source_open_report << '\n';
        for (const std::string& problem : report.not_merged)
            std::cerr << words[i] << ": not merged: " << problem << '\n';
        nlohmann::ordered_json line = {{"source", words[i]},
                                       {"added", report.added},
                                       {"already_there", report.already_there},
                                       {"favourites_marked", report.favourites_marked},
                                       {"not_merged", report.not_merged}};
        std::cout << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                  << std::endl;
        added += report.added;
        already += report.already_there;
        missing += static_cast<std::int64_t>(report.not_merged.size());
    }
    std::cerr << "library merge: " << added << " added, " << already << " already there"
              << (missing > 0 ? ", " + std::to_string(missing) + " not merged" : std::string())
              << " -> " << destination_folder << '\n';
    return missing > 0 ? exit_code_for(ErrorKind::Io) : 0;
}

#endif

}  // namespace pixart::cli
