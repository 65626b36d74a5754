#!/usr/bin/env bash
# Crash safety of `pixart-cli batch --library` (issue 13): the run is killed with SIGKILL at 20
# points spread over a whole run (model loading, denoising, image writes, history inserts). After
# each kill the library is opened again and must be whole: the history opens, every row's file
# exists and decodes, every image in the folder has its row (an image moved into place just
# before the kill is adopted from the journal), no temporary file of the dead run is left; and
# the next run goes on in the same library (each run with --restart: it makes every image again
# instead of resuming, so every run writes). Then a full disk (the file-size limit, as on a full
# device: writes fail with EFBIG) must exit 4 and leave the library as whole as before.
#
#   crash_safety.sh PIXART_CLI DEFAULT_SHARED_DIR WORK_DIR   (PIXART_SHARED_DIR overrides the
#   shared folder at test time, as for every test)
set -euo pipefail
cli="$1" model="${PIXART_SHARED_DIR:-$2}/models/tiny-pixart-sigma" work="$3"
if [ ! -d "$model" ]; then
  if [ "${CI:-}" = true ]; then echo "shared data missing at $model" >&2; exit 1; fi
  echo "SKIP: shared data missing at $model"; exit 0
fi
rm -rf "$work"; mkdir -p "$work"
library="$work/library"
jobs="$work/jobs.jsonl"
cat > "$jobs" <<'JOBS'
{"prompt": "a red fox in snow", "seed": 1, "images_per_prompt": 2}
{"prompt": "a lighthouse at dusk", "seed": 2}
{"prompt": "a bowl of lemons", "seed": 3, "images_per_prompt": 2}
JOBS
batch=("$cli" batch --model "$model" --jobs "$jobs" --library "$library" --steps 2 --width 256
       --height 256 --threads 1 --no-prompt-cache --restart)
run_batch() { "${batch[@]}"; }

fail() { echo "crash_safety: $*" >&2; exit 1; }

# Opens the library (which recovers it) and checks it is whole. $1: what happened before.
check_library() {
  local when="$1" listing files rows
  listing="$("$cli" history --library "$library" --limit 0)" || fail "$when: history does not open"
  rows="$(printf '%s\n' "$listing" | grep -c '"file"' || true)"
  # Every row's file exists and decodes (decoded once while its size and time stay the same).
  while IFS= read -r file; do
    [ -n "$file" ] || continue
    [ -f "$file" ] || fail "$when: a row's file is missing: $file"
    local stamp
    stamp="$(stat -c '%n %s %Y' "$file")"
    grep -qxF "$stamp" "$work/decoded" 2>/dev/null && continue
    oiiotool "$file" --printstats > /dev/null 2>&1 || fail "$when: a row's file does not decode: $file"
    echo "$stamp" >> "$work/decoded"
  done < <(printf '%s\n' "$listing" | sed -n 's/.*"file":"\([^"]*\)".*/\1/p')
  # Every image has its row; no temporary is left (the writers are all dead now).
  files="$(find "$library" -name '*.png' ! -name '.*' | wc -l)"
  [ "$files" -eq "$rows" ] || fail "$when: $files image(s) in the folder, $rows row(s) in the history"
  local left
  left="$(find "$library" -name '.*' \( -name '*.partial-*' -o -name '*.part' \) | head -3)"
  [ -z "$left" ] || fail "$when: temporaries left behind: $left"
  echo "$when: library whole, $rows image(s)"
}

# A whole run first: how long one takes, so the kills spread over it.
start=$(date +%s%N)
run_batch > "$work/first.log" 2>&1 || fail "the first run failed: $(tail -3 "$work/first.log")"
total_ms=$(( ($(date +%s%N) - start) / 1000000 ))
check_library "after a whole run (${total_ms} ms)"
[ "$(grep -c '"status":"ok"' "$work/first.log")" -eq 3 ] || fail "the first run did not do 3 jobs"

for i in $(seq 1 20); do
  delay_ms=$(( total_ms * i / 21 ))
  "${batch[@]}" > "$work/kill$i.log" 2>&1 &  # pixart-cli itself, not a subshell, gets the kill
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  check_library "killed after ${delay_ms} ms (run $i)"
done

# The next run goes on in the same library: every job done, every file in the history.
before="$("$cli" history --library "$library" --limit 0 | grep -c '"file"' || true)"
run_batch > "$work/last.log" 2>&1 || fail "the run after the kills failed: $(tail -3 "$work/last.log")"
check_library "after the kills, a whole run"
after="$("$cli" history --library "$library" --limit 0 | grep -c '"file"')"
[ "$after" -eq $(( before + 5 )) ] || fail "the last run added $(( after - before )) rows, not 5"

# A full disk: exit 4 with a message, nothing corrupted, nothing left half-written.
status=0
( trap '' XFSZ; ulimit -f 64; run_batch > "$work/full.log" 2>&1 ) || status=$?
[ "$status" -eq 4 ] || fail "a full disk exited with $status, not 4: $(tail -3 "$work/full.log")"
grep -q -i "disk full\|no space\|too large" "$work/full.log" || fail "no clear message on a full disk"
check_library "after a full disk"
echo "crash_safety: passed"
