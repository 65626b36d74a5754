#!/usr/bin/env bash
# Takes docs/screenshot.png: runs pixart-studio under a virtual X server (xvfb-run) with the tiny
# model, a prompt and --generate, waits until the image reaches the library, and grabs the screen
# with ImageMagick's `import`. Settings and images go to a throw-away HOME.
#
#   packaging/screenshot.sh [BUILD_DIR] [OUTPUT_PNG]
#   env: PIXART_SHARED_DIR (default: ../shared next to the checkout), MODEL_DIR, PROMPT, TIMEOUT
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
output="${2:-$root/docs/screenshot.png}"
shared="${PIXART_SHARED_DIR:-$root/../shared}"
model="${MODEL_DIR:-$shared/models/tiny-pixart-sigma}"
prompt="${PROMPT:-a small cactus with a happy face in the sahara desert}"
timeout="${TIMEOUT:-300}"
studio="$build/app/studio/pixart-studio"

for tool in xvfb-run import; do
  command -v "$tool" >/dev/null || { echo "screenshot.sh: $tool is missing (apt-get install xvfb imagemagick)" >&2; exit 2; }
done
[ -x "$studio" ] || { echo "screenshot.sh: $studio not built (make -C $build pixart_studio)" >&2; exit 2; }
[ -f "$model/model_index.json" ] || { echo "screenshot.sh: no model at $model" >&2; exit 2; }

home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
mkdir -p "$(dirname "$output")"

# Runs inside the virtual display: start, wait for the first library image, grab, stop.
export STUDIO="$studio" MODEL="$model" PROMPT_TEXT="$prompt" OUT="$output" WAIT="$timeout"
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache"
xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
  "$STUDIO" --model "$MODEL" --prompt "$PROMPT_TEXT" --generate &
  pid=$!
  for ((i = 0; i < WAIT * 2; i++)); do
    if find "$HOME/Pictures" -name "*.png" 2>/dev/null | grep -q .; then break; fi
    kill -0 $pid 2>/dev/null || { echo "screenshot.sh: the studio exited early" >&2; exit 1; }
    sleep 0.5
  done
  if ! find "$HOME/Pictures" -name "*.png" 2>/dev/null | grep -q .; then
    import -window root "${OUT%.png}-timeout.png"
    kill $pid; wait $pid || true
    echo "screenshot.sh: no image after ${WAIT}s (see ${OUT%.png}-timeout.png)" >&2
    exit 1
  fi
  sleep 3   # the gallery thumbnail and the final image settle
  import -window root "$OUT"
  kill $pid; wait $pid || true
'
echo "wrote $output"
