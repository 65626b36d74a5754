#include "inference/InitImageLoader.h"

#include <memory>
#include <utility>

#include "api/image_export.h"

namespace pixart::ui {

void InitImageLoader::attach(GenerationSettings& settings, pixart::GenerationRequest& request) {
    if (settings.initImagePath.isEmpty()) return;
    pixart::InitImage init = pixart::read_init_image(settings.initImagePath.toStdString());
    settings.initImageSha256 = QString::fromStdString(init.sha256);
    if (settings.refine) {
        init.pixels = pixart::upscale_in_linear_light(init.pixels, 2);
        request.width = init.pixels.width;
        request.height = init.pixels.height;
        request.resolution_binning = false;
    }
    request.strength = settings.request.strength;
    request.init_image = std::make_shared<const pixart::InitImage>(std::move(init));
}

}  // namespace pixart::ui
