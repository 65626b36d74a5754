// Must NOT compile (test api_boundary): a target that links pixart::core, as ui/ and app/ do, sees
// core/api/ only, so an include of the core's internals is not found.
#include "pipeline/pixart_sigma_pipeline.h"

int main() { return 0; }
