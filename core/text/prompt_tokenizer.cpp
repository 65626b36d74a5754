#include "api/prompt_tokenizer.h"

#include <filesystem>

#include "loading/model_folder.h"
#include "text/t5_tokenizer.h"

namespace pixart {

PromptTokenizer::PromptTokenizer(std::shared_ptr<const T5Tokenizer> tokenizer) : tokenizer_(std::move(tokenizer)) {}

PromptTokenizer PromptTokenizer::for_model(const std::string& path_or_repo_id) {
    // Also a spiece.model file itself, or a folder holding one (a model's tokenizer/).
    namespace fs = std::filesystem;
    std::error_code ec;
    std::string model_file;
    if (fs::is_regular_file(path_or_repo_id, ec)) {
        model_file = path_or_repo_id;
    } else if (fs::is_regular_file(fs::path(path_or_repo_id) / "spiece.model", ec)) {
        model_file = (fs::path(path_or_repo_id) / "spiece.model").string();
    } else {
        model_file = resolve_model(path_or_repo_id).tokenizer_model();
    }
    return PromptTokenizer(std::make_shared<const T5Tokenizer>(model_file));
}

TokenizedPrompt PromptTokenizer::encode(const std::string& prompt, bool clean_caption, int max_length) const {
    return tokenizer_->encode(prompt, clean_caption, max_length);
}

std::string PromptTokenizer::preprocess(const std::string& prompt, bool clean_caption) const {
    return tokenizer_->preprocess(prompt, clean_caption);
}

std::vector<std::string> PromptTokenizer::pieces(const std::vector<std::int64_t>& ids) const {
    return tokenizer_->pieces(ids);
}

}  // namespace pixart
