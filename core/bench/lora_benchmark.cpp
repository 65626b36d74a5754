// `pixart-cli bench --lora RANK`: LoRA switching on the true-size transformer (random weights).
#include <unistd.h>
#include <chrono>
#include <filesystem>

#include "api/benchmark.h"
#include "api/errors.h"
#include "api/runtime.h"
#include "benchmark_support.h"
#include "config/transformer_config.h"
#include "loading/safetensors_writer.h"
#include "lora/lora_merger.h"
#include "models/transformer/pixart_transformer_2d.h"
#include "pipeline/engine_internals.h"
#include "pipeline/random_weights.h"

namespace fs = std::filesystem;

namespace pixart {
namespace {

// A kohya LoRA of `rank` on every attention / feed-forward Linear of the blocks.
std::string write_lora(const std::string& path,
                       const std::map<std::string, std::vector<std::int64_t>>& modules, int rank,
                       std::uint64_t seed, int* layers) {
    auto generator = at::detail::createCPUGenerator(seed);
    TensorMap tensors;
    *layers = 0;
    for (const auto& [module, shape] : modules) {
        if (module.rfind("transformer_blocks.", 0) != 0) continue;
        std::string flat = module;
        std::replace(flat.begin(), flat.end(), '.', '_');
        const std::string stem = "lora_unet_" + flat;
        tensors[stem + ".lora_down.weight"] =
            torch::randn({rank, shape[1]}, generator, torch::kFloat32) * 0.01;
        tensors[stem + ".lora_up.weight"] =
            torch::randn({shape[0], rank}, generator, torch::kFloat32) * 0.01;
        tensors[stem + ".alpha"] = torch::tensor(static_cast<float>(rank));
        ++*layers;
    }
    write_safetensors(path, tensors);
    return path;
}

}  // namespace

LoraBenchmarkResult run_lora_benchmark(const LoraBenchmarkOptions& options) {
    return guard_torch_errors([&] {
        if (options.rank < 1 || options.rank > 1024)
            throw Error(ErrorKind::InvalidArgument, "--lora rank must be 1..1024");
        set_thread_count(options.threads);
        const TransformerConfig config = TransformerConfig::from_file(options.config_path);
        torch::NoGradGuard no_grad;
        PixArtTransformer2DModel model(config);
        randomize_weights(*model, 2);
        model->eval();

        const fs::path dir =
            fs::path(options.scratch_dir.empty() ? fs::temp_directory_path().string()
                                                 : options.scratch_dir) /
            ("pixart-lora-bench-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        LoraBenchmarkResult result;
        const auto modules = LoraMerger::linear_modules(*model);
        const std::string a =
            write_lora((dir / "a.safetensors").string(), modules, options.rank, 1, &result.layers);
        const std::string b =
            write_lora((dir / "b.safetensors").string(), modules, options.rank, 2, &result.layers);
        result.file_bytes = static_cast<std::int64_t>(fs::file_size(a));
        // The base of every weight a LoRA touches, to check the restore bit for bit.
        std::map<std::string, torch::Tensor> base;
        for (auto& item : model->named_parameters()) {
            const std::string module = item.key().substr(0, item.key().rfind('.'));
            if (modules.count(module) && item.key().rfind("transformer_blocks.", 0) == 0 &&
                item.key().size() > 7 &&
                item.key().compare(item.key().size() - 7, 7, ".weight") == 0)
                base[item.key()] = item.value().clone();
        }

        LoraMerger merger;
        auto timed = [](auto&& work) {
            const auto start = std::chrono::steady_clock::now();
            work();
            return benchmark::seconds_since(start);
        };
        result.first_apply_seconds = timed([&] { merger.apply(*model, {{a, 1.0, ""}}); });
        result.held_bytes = merger.held_bytes();
        result.same_set_seconds = timed([&] { merger.apply(*model, {{a, 1.0, ""}}); });
        result.switch_seconds = timed([&] { merger.apply(*model, {{b, 0.5, ""}}); });
        result.restore_seconds = timed([&] { merger.apply(*model, {}); });
        result.restored_exactly = true;
        auto parameters = model->named_parameters();
        for (const auto& [name, values] : base)
            result.restored_exactly =
                result.restored_exactly && torch::equal(*parameters.find(name), values);
        fs::remove_all(dir);
        return result;
    });
}

}  // namespace pixart
