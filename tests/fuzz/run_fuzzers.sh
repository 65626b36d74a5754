#!/usr/bin/env bash
# Builds the fuzz targets with clang's libFuzzer (tests/fuzz/CMakeLists.txt) and runs each one
# from its seed corpus, printing one line per target: executions, seconds, new inputs, result.
#
#   tests/fuzz/run_fuzzers.sh                       # CI's smoke run: 20 s per target
#   tests/fuzz/run_fuzzers.sh --runs 1000000        # the long run docs/RELIABILITY.md reports
#   tests/fuzz/run_fuzzers.sh --seconds 600 caption_cleaner png_text
#
# Options: --build-dir DIR (default build-fuzz), --seconds N, --runs N, --jobs N (targets run in
# parallel). Needs clang-14 and libclang-rt-14-dev (packaging/install-deps.sh --reliability).
# A crash, sanitizer report, leak, timeout (> 10 s on one input) or out-of-memory (> 2 GB) is
# kept in DIR/artifacts/TARGET/ and makes the script exit 1. The grown corpus stays in
# DIR/corpus/TARGET/ (the committed seeds in tests/fuzz/corpus/ are never modified).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build_dir="build-fuzz"
seconds=20
runs=""
jobs=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run_fuzzers.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

compiler="$(command -v clang++ || command -v clang++-14 || true)"
if [ -z "$compiler" ]; then
  echo "run_fuzzers.sh: clang++ not found: packaging/install-deps.sh --reliability" >&2
  exit 2
fi
mkdir -p "$build_dir"
cmake -S "$here" -B "$build_dir" -DCMAKE_CXX_COMPILER="$compiler" > "$build_dir/configure.log" 2>&1 \
  || { cat "$build_dir/configure.log" >&2; exit 2; }
cmake --build "$build_dir" -j"$(nproc)" > "$build_dir/build.log" 2>&1 \
  || { tail -50 "$build_dir/build.log" >&2; exit 2; }
if [ ${#targets[@]} -eq 0 ]; then
  IFS=";" read -r -a targets < "$build_dir/fuzz_targets.txt" || true
fi

# One target: seeds copied into the working corpus, then libFuzzer until the limit.
run_target() {
  local target="$1" corpus="$build_dir/corpus/$1" artifacts="$build_dir/artifacts/$1"
  local log="$build_dir/logs/$1.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  cp -n "$here/corpus/$target/"* "$corpus/" 2>/dev/null || true
  local limit=(-max_total_time="$seconds")
  [ -n "$runs" ] && limit=(-runs="$runs")
  # Caption cleaning is where a quadratic pattern hides: allow long captions there.
  local max_len=8192
  [ "$target" = caption_cleaner ] && max_len=65536
  # OIIO and libstdc++ have no frame pointers: only the slow unwinder sees the frames that
  # lsan.supp names.
  local asan="${ASAN_OPTIONS:-}"
  [ "$target" = image_metadata ] && asan="fast_unwind_on_malloc=0${asan:+:$asan}"
  local start=$(date +%s) status=0
  ASAN_OPTIONS="$asan" "$build_dir/fuzz_$target" "${limit[@]}" -max_len=$max_len -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" \
    > "$log" 2>&1 || status=$?
  local execs
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
  local found=$(ls "$artifacts" | wc -l)
  local result=ok
  [ "$status" -ne 0 ] || [ "$found" -ne 0 ] && result="FAILED (exit $status, $found artifact(s), see $log)"
  printf '%-20s %12s executions %6s s  corpus %5s  %s\n' "$target" "$execs" \
    "$(( $(date +%s) - start ))" "$(ls "$corpus" | wc -l)" "$result"
  [ "$result" = ok ]
}

# Leaks inside Debian's libraries (not ours) are listed, with why, in lsan.supp.
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1"
export -f run_target
export build_dir here seconds runs
failed=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_target {}' || failed=1
if [ "$failed" -ne 0 ]; then
  echo "run_fuzzers.sh: a target failed; reproduce with: $build_dir/fuzz_TARGET ARTIFACT" >&2
  exit 1
fi
