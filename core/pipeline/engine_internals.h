// Engine::Impl and the helpers Engine and the developer tools (dump, bench) share.
#pragma once

#include <new>
#include <string>

#include "api/engine.h"
#include "api/errors.h"
#include "model_components.h"
#include "pixart_sigma_pipeline.h"

namespace pixart {

struct Engine::Impl {
    EngineOptions options;
    ModelInfo info;
    std::unique_ptr<ModelComponents> components;
    std::unique_ptr<PixArtSigmaPipeline> pipeline;
};

// [B, 3, H, W] float in [0, 1] → interleaved RGB images.
std::vector<Image> images_from_tensor(const torch::Tensor& images);

// Runs `body`, turning libtorch's exceptions into pixart::Error so nothing else crosses the API.
template <typename Body>
auto guard_torch_errors(Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const Error&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw Error(ErrorKind::OutOfMemory, "out of memory");
    } catch (const c10::Error& e) {
        const std::string message = e.what_without_backtrace();
        if (message.find("out of memory") != std::string::npos || message.find("DefaultCPUAllocator") != std::string::npos) {
            throw Error(ErrorKind::OutOfMemory, "out of memory: " + message.substr(0, message.find('\n')));
        }
        throw Error(ErrorKind::Internal, "libtorch: " + message.substr(0, message.find('\n')));
    }
}

}  // namespace pixart
