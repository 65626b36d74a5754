// pixart-cli history — the generation library's history from scripts: list and search what was
// generated (by the studio or `batch --library`), the prompts most used, or the settings as
// batch jobs to generate again (elsewhere, on a bigger machine, with another model).
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "api/errors.h"
#include "command_line.h"
#include "commands.h"

#ifdef PIXART_CLI_WITH_LIBRARY
#include "api/generation_library.h"
#include "api/generation_metadata.h"
#endif

namespace pixart::cli {

#ifndef PIXART_CLI_WITH_LIBRARY

int command_history(const Args&) {
    throw Error(
        ErrorKind::Unsupported,
        "history: this pixart-cli was built without the library (-DPIXART_WITH_LIBRARY=ON)");
}

#else

namespace {

const char* const kUsage =
    "usage: pixart-cli history --library DIR [--search WORDS] [--favourites] [--limit N]\n"
    "         [--as-jobs | --prompts [--most-used]]\n\n"
    "Lists a PixArt Studio library's generations, newest first, one JSON object per line:\n"
    "{\"id\", \"created\", \"file\", \"favourite\", \"settings\": {...}}. --search finds every\n"
    "word in the prompt or negative prompt (prefixes too; case and accents ignored).\n"
    "--as-jobs prints only the settings, as `pixart-cli batch --jobs -` reads them:\n"
    "  pixart-cli history --library L --search fox --as-jobs | pixart-cli batch --jobs - ...\n"
    "--prompts lists distinct prompts with their use count instead (--most-used orders by it).\n"
    "--limit 0 lists everything (default 50).\n";

using ordered_json = nlohmann::ordered_json;

void print(const ordered_json& line) {
    std::cout << line.dump(-1, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace

int command_history(const Args& args) {
    const CommandLine cl(args, {"library", "search", "limit"},
                         {"help", "favourites", "as-jobs", "prompts", "most-used"});
    if (cl.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    cl.reject_positional();
    const std::string folder = cl.required("library", "DIR");
    if (cl.flag("as-jobs") && cl.flag("prompts"))
        throw Error(ErrorKind::InvalidArgument, "give --as-jobs or --prompts, not both");
    const int limit = static_cast<int>(cl.integer("limit", 50, 0, 1'000'000));
    const std::string search = cl.value_or("search", "");

    // Reading only: a mistyped path must not become a new, empty library.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(
            std::filesystem::path(folder) / GenerationLibrary::kDatabaseFileName, ec)) {
        throw Error(ErrorKind::Io, folder + ": no PixArt Studio library here (no " +
                                       GenerationLibrary::kDatabaseFileName + ")");
    }
    GenerationLibrary library(folder);
    if (!library.open_report().empty()) std::cerr << "library: " << library.open_report() << "\n";

    if (cl.flag("prompts")) {
        PromptQuery query;
        query.text = search;
        query.order = cl.flag("most-used") ? PromptOrder::MostUsed : PromptOrder::MostRecent;
        query.limit = limit;
        for (const PromptUsage& usage : library.prompt_usage(query)) {
            print({{"prompt", usage.prompt},
                   {"uses", usage.uses},
                   {"last_used", usage.last_used},
                   {"last_id", usage.last_id}});
        }
        return 0;
    }

    HistoryQuery query;
    query.text = search;
    query.favourites_only = cl.flag("favourites");
    query.limit = limit;
    for (const HistoryRecord& record : library.list(query)) {
        const ordered_json settings = ordered_json::parse(to_json(record.metadata));
        if (cl.flag("as-jobs")) {
            print(settings);
            continue;
        }
        print({{"id", record.id},
               {"created", record.metadata.created},
               {"file", library.absolute_path(record.file)},
               {"favourite", record.favourite},
               {"settings", settings}});
    }
    return 0;
}

#endif

}  // namespace pixart::cli
