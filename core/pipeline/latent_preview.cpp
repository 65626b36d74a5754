#include "latent_preview.h"

#include "api/errors.h"

namespace pixart {

PreviewImage latent_to_preview(const torch::Tensor& latent) {
    if (latent.dim() != 3 || latent.size(0) != 4) {
        throw Error(ErrorKind::InvalidArgument, "latent preview needs a [4, h, w] latent");
    }
    // Factors published by ComfyUI latent_formats.SDXL: rows = latent channels, columns = R, G, B.
    static const float factors[4][3] = {{0.3651f, 0.4232f, 0.4341f},
                                        {-0.2533f, -0.0042f, 0.1068f},
                                        {0.1076f, 0.1111f, -0.0362f},
                                        {-0.3165f, -0.2492f, -0.2188f}};
    static const float bias[3] = {0.1084f, -0.0175f, -0.0011f};
    torch::NoGradGuard no_grad;
    const auto map = torch::from_blob(const_cast<float*>(&factors[0][0]), {4, 3}, torch::kFloat32);
    const auto offset = torch::from_blob(const_cast<float*>(bias), {3}, torch::kFloat32);
    auto x = latent.detach().to(torch::kCPU, torch::kFloat32);
    // [4, h, w] → [h, w, 4] · [4, 3] → [h, w, 3]
    auto rgb = torch::matmul(x.permute({1, 2, 0}), map) + offset;
    rgb = ((rgb.clamp(-1.0, 1.0) + 1.0) * 127.5).round().to(torch::kUInt8).contiguous();

    PreviewImage preview;
    preview.height = static_cast<int>(rgb.size(0));
    preview.width = static_cast<int>(rgb.size(1));
    preview.rgb.assign(rgb.data_ptr<std::uint8_t>(), rgb.data_ptr<std::uint8_t>() + rgb.numel());
    return preview;
}

}  // namespace pixart
