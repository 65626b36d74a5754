// What one generation needs of memory on these components, part by part (memory/memory_plan.h):
// sizes from the configs, the job's image size and batch, and what is loaded now.
#pragma once

#include "api/engine.h"
#include "api/generation_request.h"
#include "memory/memory_plan.h"
#include "model_components.h"
#include "resolved_size.h"

namespace pixart {

// The api's view of a plan (GenerationCallbacks::on_plan, Engine::plan).
MemoryPlanInfo plan_info(const MemoryPlan& plan);

MemoryDemand generation_memory_demand(ModelComponents& components, const GenerationRequest& request,
                                      const ResolvedSize& size, bool text_encoder_needed);

// The banded decode's whole activations the plan reserves memory for: all of them up to 2 GiB
// (every size up to ~1448x1448), else 2 GiB, the rest memory-mapped from temporary files.
constexpr std::int64_t kBandedDecodePlannedResidentBytes = std::int64_t{2} << 30;
std::int64_t banded_decode_planned_resident_bytes(const ModelComponents& components,
                                                  const ResolvedSize& size);
// How much of them may be in memory when decoding under `plan`: the planned part plus what the
// plan's decoding stage leaves of the budget (so a machine with room keeps them all).
std::int64_t banded_decode_resident_bytes(const ModelComponents& components,
                                          const ResolvedSize& size, const MemoryPlan& plan);

}  // namespace pixart
