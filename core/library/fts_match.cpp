#include "library/fts_match.h"

#include <cctype>
#include <sstream>

namespace pixart::library {
namespace {

// Bytes >= 0x80 belong to UTF-8 letters of other scripts: keep those words too.
bool has_token_character(const std::string& word) {
    for (unsigned char c : word) {
        if (c >= 0x80 || std::isalnum(c) != 0) return true;
    }
    return false;
}

std::string quoted(const std::string& word) {
    std::string out = "\"";
    for (char c : word) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string fts_match_expression(const std::string& user_text, const std::string& column) {
    std::istringstream words(user_text);
    std::string word;
    std::string expression;
    while (words >> word) {
        if (!has_token_character(word)) continue;
        if (!expression.empty()) expression += " AND ";
        if (!column.empty()) expression += column + " : ";
        expression += quoted(word) + "*";
    }
    return expression;
}

}  // namespace pixart::library
