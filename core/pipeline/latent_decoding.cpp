#include "latent_decoding.h"

#include "api/errors.h"

namespace pixart {

torch::Tensor decode_latents(AutoencoderKLImpl& vae, const torch::Tensor& z,
                             const TiledDecodeOptions& tiles, const BandedDecodeOptions& bands) {
    if (!tiles.should_tile(z.size(2), z.size(3))) return vae.decode(z);
    if (!tiles.banded) return vae.decode_tiled(z, tiles);
    try {
        return vae.decode_banded(z, bands);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Io) throw;
    }
    return vae.decode_tiled(z, tiles);
}

}  // namespace pixart
