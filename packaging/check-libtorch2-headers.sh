#!/usr/bin/env bash
# Compiles the core (every torch-using .cpp) against LibTorch 2.x headers, on a machine without
# a GPU or a 2.x LibTorch: the headers come from Debian 13's libtorch-dev package (unpacked, not
# installed), the libraries are empty stand-ins, so this proves that the code and
# core/models/torch_compat.h compile against the 2.x API, not that they link or run.
# The configuration is the one docs/PERFORMANCE.md gives for the official CUDA LibTorch.
#   packaging/check-libtorch2-headers.sh [WORK_DIR]     (default /tmp/pixart-libtorch2)
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/pixart-libtorch2}"
deb_url="http://deb.debian.org/debian/pool/main/p/pytorch/libtorch-dev_2.6.0+dfsg-7_amd64.deb"
mkdir -p "$work/libtorch/lib" "$work/json/nlohmann"
if [ ! -d "$work/root/usr/include/torch" ]; then
  curl -fsSL -o "$work/libtorch-dev.deb" "$deb_url"
  dpkg -x "$work/libtorch-dev.deb" "$work/root"
fi
ln -sfn "$work/root/usr/include" "$work/libtorch/include"
: > "$work/empty.c"
for lib in torch torch_cpu c10; do gcc -shared -o "$work/libtorch/lib/lib$lib.so" "$work/empty.c"; done
cp /usr/include/nlohmann/json.hpp "$work/json/nlohmann/"  # stands for the single-header release
grep -h "define TORCH_VERSION_M" "$work/root/usr/include/torch/csrc/api/include/torch/version.h"
cmake -S "$source_dir" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
  -DPIXART_IMPORT_LIBTORCH=ON -DPIXART_LIBTORCH_DIR="$work/libtorch" \
  -DPIXART_NLOHMANN_JSON_INCLUDE_DIR="$work/json" \
  -DPIXART_WITH_ICU=OFF -DPIXART_WITH_TOKENIZER_MODULE=OFF \
  -DPIXART_WITH_IMAGING=OFF -DPIXART_WITH_LIBRARY=OFF -DPIXART_BUILD_UI=OFF -DPIXART_BUILD_TESTS=OFF
cmake --build "$work/build" -j"$(nproc)" --target pixart_core
echo "pixart_core compiled against LibTorch 2.x headers"
