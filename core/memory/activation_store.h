// Whole activations of a banded decode: in memory up to a budget, beyond it memory-mapped from
// unlinked temporary files, so a 4096x4096 decode (up to ~32 GB of activations) can run on a
// machine with less memory — the kernel writes those pages out instead of killing the process.
#pragma once

#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace pixart::memory {

class ActivationStore {
  public:
    // resident_budget_bytes: how many bytes of this store's CPU tensors may be in ordinary
    // memory at once; spill_directory: where the files go ("" = the system's temp directory).
    ActivationStore(std::int64_t resident_budget_bytes, std::string spill_directory);

    // An uninitialised tensor. Off the CPU it is simply torch::empty. On the CPU it is ordinary
    // memory while the budget allows, else a shared mapping of a new unlinked file whose blocks
    // are reserved first (posix_fallocate), so a full disk is a clear Error(Io) here rather than
    // a SIGBUS in the middle of the decode.
    torch::Tensor allocate(torch::IntArrayRef shape, const torch::TensorOptions& options);

    std::int64_t resident_bytes() const { return *resident_; }
    std::int64_t spilled_bytes() const { return *spilled_; }
    std::int64_t peak_spilled_bytes() const { return peak_spilled_; }
    std::int64_t peak_bytes() const { return peak_; }  // most of both at once

  private:
    torch::Tensor allocate_resident(torch::IntArrayRef shape, const torch::TensorOptions& options,
                                    std::int64_t bytes);
    torch::Tensor allocate_spilled(torch::IntArrayRef shape, const torch::TensorOptions& options,
                                   std::int64_t bytes);

    std::int64_t budget_;
    std::string directory_;
    // Shared with the tensors' deleters, which may run after the store is gone.
    std::shared_ptr<std::atomic<std::int64_t>> resident_;
    std::shared_ptr<std::atomic<std::int64_t>> spilled_;
    std::int64_t peak_spilled_ = 0;
    std::int64_t peak_ = 0;
};

}  // namespace pixart::memory
