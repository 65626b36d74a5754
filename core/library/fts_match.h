// Turns what a user typed into a safe SQLite FTS5 MATCH expression. FTS5 has its own query
// language (quotes, AND/OR/NOT, NEAR, column filters, ^, *, parentheses); typed text must never
// be parsed as that language, or `"`, `(` or a lone `OR` would throw an SQL error mid-typing.
#pragma once

#include <string>

namespace pixart::library {

// Every whitespace-separated word becomes a quoted FTS5 string (inner quotes doubled) with a
// prefix star, all joined by AND: `cat "hat` → `"cat"* AND """hat"*`. Words without a letter or
// digit are dropped (the tokenizer would make them empty phrases, which match nothing). With a
// column, each word is limited to it: `prompt : "cat"*`. Returns "" when no word is left.
std::string fts_match_expression(const std::string& user_text, const std::string& column = "");

}  // namespace pixart::library
