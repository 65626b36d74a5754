// Prompt → T5 token ids exactly as diffusers' PixArtSigmaPipeline.encode_prompt makes them, for the
// CLI (`pixart-cli tokenize`) and the studio's token counter. Thread-safe; cheap to copy.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pixart {

struct TokenizedPrompt {
    std::vector<std::int64_t> input_ids;       // max_length ids, <pad>=0 padded
    std::vector<std::int64_t> attention_mask;  // 1 for real tokens incl. the final </s>
    int num_tokens = 0;  // untruncated count incl. </s> (tokenizer padding='longest')
};

class T5Tokenizer;

class PromptTokenizer {
public:
    // The tokenizer of a model folder (or a repository id in the Hugging Face cache).
    // Throws pixart::Error (ModelFolder, CorruptFile, Unsupported when the module is missing).
    static PromptTokenizer for_model(const std::string& path_or_repo_id);

    TokenizedPrompt encode(const std::string& prompt, bool clean_caption = false, int max_length = 300) const;
    std::string preprocess(const std::string& prompt, bool clean_caption) const;
    std::vector<std::string> pieces(const std::vector<std::int64_t>& ids) const;

private:
    explicit PromptTokenizer(std::shared_ptr<const T5Tokenizer> tokenizer);
    std::shared_ptr<const T5Tokenizer> tokenizer_;
};

}  // namespace pixart
