// pixart-cli tokenize --model MODEL — prompts (one JSON string per line on stdin) to the T5 token
// ids the pipeline feeds its text encoder, one JSON object per line on stdout.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <string>

#include "api/errors.h"
#include "command_line.h"
#include "commands.h"
#include "api/prompt_tokenizer.h"

namespace fs = std::filesystem;

namespace pixart::cli {
namespace {

std::string parse_prompt(const std::string& line, long line_number) {
    nlohmann::json value;
    try {
        value = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(ErrorKind::InvalidArgument, "stdin line " + std::to_string(line_number) +
                                                    ": not valid JSON (" + e.what() + ")");
    }
    if (!value.is_string()) {
        throw Error(ErrorKind::InvalidArgument, "stdin line " + std::to_string(line_number) +
                                                    ": expected a JSON string (a prompt), got " +
                                                    value.type_name());
    }
    return value.get<std::string>();
}

}  // namespace

int command_tokenize(const Args& args) {
    const CommandLine cl(args, {"model", "max-length"}, {"clean-caption", "pieces", "help"});
    if (cl.flag("help")) {
        std::cout << "usage: pixart-cli tokenize --model MODEL [--clean-caption] [--max-length "
                     "300] [--pieces]\n\n"
                     "Reads one prompt per line on stdin, each a JSON string (\"a cat\"), and "
                     "writes one\n"
                     "JSON object per line: "
                     "{\"input_ids\":[...],\"attention_mask\":[...],\"num_tokens\":N},\n"
                     "exactly what the pipeline feeds the T5 text encoder (num_tokens: before "
                     "truncation,\n"
                     "incl. </s>). MODEL: a model folder, a repository id in the Hugging Face "
                     "cache, its\n"
                     "tokenizer/ folder or a spiece.model file.\n\n"
                     "  --clean-caption   diffusers' clean_caption preprocessing instead of "
                     "lower()+strip()\n"
                     "  --max-length N    tokens per prompt incl. </s>, padded (default 300)\n"
                     "  --pieces          also print the sentencepiece pieces of the real tokens\n";
        return 0;
    }
    if (!cl.positional().empty())
        throw Error(ErrorKind::InvalidArgument, "tokenize takes no positional arguments");
    const auto model = cl.value("model");
    if (!model) throw Error(ErrorKind::InvalidArgument, "tokenize needs --model MODEL");
    const bool clean_caption = cl.flag("clean-caption");
    const int max_length = static_cast<int>(cl.integer("max-length", 300, 2, 1'000'000));

    const PromptTokenizer tokenizer = PromptTokenizer::for_model(*model);
    std::string line;
    long line_number = 0;
    while (std::getline(std::cin, line)) {
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank lines
        const TokenizedPrompt t =
            tokenizer.encode(parse_prompt(line, line_number), clean_caption, max_length);
        nlohmann::ordered_json out;
        out["input_ids"] = t.input_ids;
        out["attention_mask"] = t.attention_mask;
        out["num_tokens"] = t.num_tokens;
        if (cl.flag("pieces")) {
            const auto real =
                std::min<std::size_t>(static_cast<std::size_t>(t.num_tokens), t.input_ids.size());
            out["pieces"] = tokenizer.pieces(
                {t.input_ids.begin(), t.input_ids.begin() + static_cast<std::ptrdiff_t>(real)});
        }
        std::cout << out.dump() << std::endl;  // flushed per line: usable as a co-process
    }
    return 0;
}

}  // namespace pixart::cli
