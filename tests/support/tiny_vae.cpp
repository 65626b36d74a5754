#include "support/tiny_vae.h"

#include "support/shared_data.h"

namespace pixart::test {

AutoencoderKL& tiny_vae() {
    static AutoencoderKL vae = load_autoencoder_kl(tiny_model_dir() + "/vae");
    return vae;
}

torch::Tensor seeded_latents(std::int64_t batch, std::int64_t height, std::int64_t width,
                             std::uint64_t seed) {
    auto generator = at::detail::createCPUGenerator(seed);
    return torch::randn({batch, 4, height, width}, generator, torch::kFloat32) / 0.13025;
}

}  // namespace pixart::test
