// make_test_loras DIR: LoRA files for the tiny model's transformer, for the CLI tests:
// good.safetensors (kohya, attn1.to_q of block 0, alpha 4) and misfit.safetensors (a layer the
// model lacks).
#include <cstdio>
#include <filesystem>
#include <string>

#include "loading/safetensors_writer.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_test_loras DIR\n");
        return 2;
    }
    const std::string dir = argv[1];
    std::filesystem::create_directories(dir);
    auto generator = at::detail::createCPUGenerator(17);
    const auto down = torch::randn({4, 48}, generator, torch::kFloat32) * 0.1;
    const auto up = torch::randn({48, 4}, generator, torch::kFloat32) * 0.1;
    const std::string q = "lora_unet_transformer_blocks_0_attn1_to_q";
    pixart::write_safetensors(dir + "/good.safetensors", {{q + ".lora_down.weight", down},
                                                          {q + ".lora_up.weight", up},
                                                          {q + ".alpha", torch::tensor(4.0f)}});
    const std::string missing = "lora_unet_transformer_blocks_99_attn1_to_q";
    pixart::write_safetensors(dir + "/misfit.safetensors", {{missing + ".lora_down.weight", down},
                                                            {missing + ".lora_up.weight", up}});
    std::printf("wrote %s/good.safetensors and misfit.safetensors\n", dir.c_str());
    return 0;
}
