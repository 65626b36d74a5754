// The sizes one request resolves to (PixArtSigmaPipeline::check_inputs).
#pragma once

namespace pixart {

struct ResolvedSize {
    int width = 0;  // what the user asked for (the output size)
    int height = 0;
    int generated_width = 0;  // after resolution binning (what the transformer runs at)
    int generated_height = 0;
};

}  // namespace pixart
