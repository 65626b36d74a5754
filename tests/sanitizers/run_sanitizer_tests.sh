#!/usr/bin/env bash
# ASan + UBSan on the core's torch-free half and its unit tests (tests/sanitizers/CMakeLists.txt):
# configures, builds and runs them; any sanitizer report fails the test that caused it.
#
#   tests/sanitizers/run_sanitizer_tests.sh [--thread] [BUILD_DIR]   (default build-sanitizers)
# --thread builds with ThreadSanitizer instead (default BUILD_DIR build-tsan).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sanitizer=address
if [ "${1:-}" = --thread ]; then sanitizer=thread; shift; fi
build_dir="${1:-build-sanitizers}"
[ "$sanitizer" = thread ] && build_dir="${1:-build-tsan}"
cmake -S "$here" -B "$build_dir" -DPIXART_SANITIZER="$sanitizer" > /dev/null
cmake --build "$build_dir" -j"$(nproc)"
# Leaks inside Debian's libraries (not ours) are listed, with why, in tests/fuzz/lsan.supp.
export ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:abort_on_error=0"
export LSAN_OPTIONS="suppressions=$here/../fuzz/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$here/tsan.supp"
# OpenImageIO's own thread pool is not instrumented: TSan would report its workers' writes to our
# buffers as races with the caller. One OIIO thread under TSan; our threads stay as they are.
[ "$sanitizer" = thread ] && export OPENIMAGEIO_THREADS=1
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"
