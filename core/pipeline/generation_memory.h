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

}  // namespace pixart
