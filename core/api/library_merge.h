// pixart::merge_library — one library from many: the libraries that the shards of a cluster
// batch wrote (one each: SQLite is not safe over shared filesystems) become one.
//
//   pixart::GenerationLibrary destination("/data/run/library");
//   pixart::LibraryMergeReport report = pixart::merge_library(destination, "/data/run/shard-0");
//
// Every entry of the source that the destination lacks is added with a copy of its image file
// (under the same relative name when it is free, else the next free one), its settings, creation
// time, favourite mark and extra JSON. An entry is already there when the destination has one
// with the same settings, creation time (milliseconds) and model: so merging again, or merging a
// library into one it came from, adds nothing. A favourite mark is carried over to an entry that
// is already there. Each image goes in through GenerationLibrary::add (written, fsync'ed,
// renamed, then recorded): a merge killed half-way loses nothing and runs again cleanly.
//
// The source is opened as a library (an entry its killed writer left in the journal is adopted
// first). An entry whose image file is missing or unreadable is not added: the report names it
// and the merge goes on with the others.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/generation_library.h"

namespace pixart {

struct LibraryMergeReport {
    std::int64_t added = 0;
    std::int64_t already_there = 0;
    std::int64_t favourites_marked = 0;   // already there, marked favourite from the source
    std::vector<std::string> not_merged;  // one sentence per entry that could not be merged
    std::string source_open_report;       // what opening the source repaired ("" = nothing)
};

// Throws Error(InvalidArgument) when the source is the destination's own folder, Error(Io) when
// the source cannot be opened or the destination not written (entries added so far stay).
LibraryMergeReport merge_library(GenerationLibrary& destination, const std::string& source_folder);

}  // namespace pixart
