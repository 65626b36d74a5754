// What the gallery and the prompt history ask the history database for.
#pragma once

#include <cstdint>
#include <string>

namespace pixart {

// Gallery listing: newest first (created, then id).
struct HistoryQuery {
    // Words as the user typed them, searched in prompt and negative prompt (SQLite FTS5). Every
    // word must appear; each word also matches as a prefix ("cact" finds "cactus"); case and
    // accents are ignored. Quotes and FTS operators are taken literally, never as syntax.
    // Empty (or only punctuation) = every entry.
    std::string text;
    bool favourites_only = false;
    int limit = 200;  // <= 0: no limit
    int offset = 0;
};

enum class PromptOrder {
    MostRecent,  // last used first
    MostUsed,    // highest use count first, then last used first
};

// Prompt history: distinct prompts with how often and when they were used.
struct PromptQuery {
    std::string text;  // as HistoryQuery::text, searched in the prompt only
    PromptOrder order = PromptOrder::MostRecent;
    int limit = 200;  // <= 0: no limit
    int offset = 0;
};

struct PromptUsage {
    std::string prompt;
    std::int64_t uses = 0;
    std::string last_used;     // ISO-8601 UTC of the newest generation with this prompt
    std::int64_t last_id = 0;  // that generation: get(last_id) gives its settings to use again
};

}  // namespace pixart
