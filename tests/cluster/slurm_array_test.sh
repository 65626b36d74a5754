#!/usr/bin/env bash
# Issue 18 on a real SLURM: a single-node SLURM (slurm_local.sh) runs the jobs file as an array of
# 3 tasks with packaging/cluster/pixart-batch.sbatch; task 1's pixart-cli is killed (SIGKILL, as
# on a node that dies) once it has finished an image, and the task is re-submitted alone. Then the 3 shard libraries are
# merged (twice: the second adds nothing) and everything is compared with one unsharded run of
# the same jobs: the same file names, pixel-identical images, the same history rows, nothing
# lost, nothing twice. Reports the array's time and the resume's.
#
#   slurm_array_test.sh PIXART_CLI DEFAULT_SHARED_DIR WORK_DIR SOURCE_DIR
set -euo pipefail
cli="$1" model="${PIXART_SHARED_DIR:-$2}/models/tiny-pixart-sigma" work="$3" source="$4"
here="$source/tests/cluster"

skip() {
  if [ "${CI:-}" = true ]; then echo "slurm_array_test: $* (required under CI=true)" >&2; exit 1; fi
  echo "SKIP: $*"; exit 0
}
fail() { echo "slurm_array_test: $*" >&2; exit 1; }
[ -d "$model" ] || skip "shared data missing at $model"
for tool in sbatch squeue scancel slurmctld slurmd munged mungekey idiff python3; do
  command -v "$tool" > /dev/null || skip "$tool is not installed (packaging/install-deps.sh --cluster)"
done

rm -rf "$work"; mkdir -p "$work/logs"
# 1 + 6 + 4 = 11 images; 3 shards take images 0-2, 3-6 and 7-10, so line 2 spans shards 0 and 1.
# Two stochastic samplers: their per-step draws are sliced per image as well.
cat > "$work/jobs.jsonl" <<'JOBS'
{"prompt": "a red fox in snow", "seed": 1, "name": "fox"}
{"prompt": ["a lighthouse at dusk", "a harbour at night"], "seed": 2, "images_per_prompt": 3, "sampler": "dpm++2m_sde"}
{"prompt": "a bowl of lemons", "seed": 3, "images_per_prompt": 4, "sampler": "euler_a"}
JOBS
common=(--steps 12 --width 256 --height 256 --no-prompt-cache)

# The reference: one unsharded run, one thread (as each array task: same arithmetic).
"$cli" batch --model "$model" --jobs "$work/jobs.jsonl" --out-dir "$work/reference/images" \
  --library "$work/reference/library" --threads 1 "${common[@]}" > "$work/logs/reference.log" 2>&1 \
  || fail "the unsharded run failed: $(tail -3 "$work/logs/reference.log")"

SLURM_CONF="$("$here/slurm_local.sh" start "$work/slurm")" || fail "SLURM did not start"
export SLURM_CONF
trap '"$here/slurm_local.sh" stop "$work/slurm"' EXIT

submit() {  # submit ARRAY [sbatch options]: prints the job id
  local array="$1"; shift
  sbatch --parsable --array="$array" --cpus-per-task=1 --mem=1G --chdir="$work" \
    --output="$work/logs/task-%a-%j.log" --export="ALL,PIXART_CLI=$cli" "$@" \
    "$source/packaging/cluster/pixart-batch.sbatch" 3 "$model" "$work/jobs.jsonl" "$work/out" \
    "${common[@]}"
}
done_count() {  # images shard $1 has finished
  local manifest="$work/out/images/.pixart-batch/shard-$1-of-3.jsonl"
  [ -f "$manifest" ] || { echo 0; return; }
  grep -c '"state":"done"' "$manifest" || true
}
wait_for_job() {  # until job $1 has left the queue (at most $2 s)
  local deadline=$(( $(date +%s) + $2 ))
  while squeue -h -j "$1" 2>/dev/null | grep -q .; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "job $1 still queued after $2 s: $(squeue)"
    sleep 0.2
  done
}

start=$(date +%s%N)
job="$(submit 0-2)" || fail "sbatch failed"
# Task 1 dies once it has finished its first image (of 4).
deadline=$(( $(date +%s) + 300 ))
until [ "$(done_count 1)" -ge 1 ]; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "task 1 finished no image in 300 s: $(cat "$work"/logs/task-1-*.log)"
  sleep 0.05
done
# SIGKILL to pixart-cli itself, as the OOM killer or a dying node would (scancel would send
# SIGTERM first, and pixart-cli would stop cleanly: not the case to test).
pkill -KILL -f -- "--library $work/out/libraries/shard-1" || fail "task 1 was not running"
killed_at=$(done_count 1)
wait_for_job "$job" 600
array_ms=$(( ($(date +%s%N) - start) / 1000000 ))
after_kill=$(done_count 1)
[ "$after_kill" -lt 4 ] || fail "task 1 finished all 4 images before the kill: make the images slower"
[ "$(done_count 0)" -eq 3 ] || fail "task 0 did $(done_count 0) of 3 images: $(cat "$work"/logs/task-0-*.log)"
[ "$(done_count 2)" -eq 4 ] || fail "task 2 did $(done_count 2) of 4 images: $(cat "$work"/logs/task-2-*.log)"
echo "array of 3 tasks: ${array_ms} ms; task 1 killed after $killed_at image(s) ($after_kill recorded)"

# Task 1 again, alone: it skips what it finished and makes the rest.
start=$(date +%s%N)
resubmitted="$(submit 1 --wait)" || fail "the re-submitted task failed: $(cat "$work"/logs/task-1-*.log)"
resume_ms=$(( ($(date +%s%N) - start) / 1000000 ))
grep -q "$after_kill of 4 image(s) already done" "$work/logs/task-1-$resubmitted.log" \
  || fail "the re-run did not resume: $(cat "$work/logs/task-1-$resubmitted.log")"
[ "$(done_count 1)" -eq 4 ] || fail "task 1 has $(done_count 1) of 4 images after the re-run"
echo "re-submitted task 1: ${resume_ms} ms, $after_kill image(s) skipped, $(( 4 - after_kill )) made"

# One library from the three, twice (the second adds nothing).
"$cli" library merge "$work/out/library" "$work"/out/libraries/shard-* > "$work/logs/merge1.jsonl" \
  || fail "merge failed: $(cat "$work/logs/merge1.jsonl")"
"$cli" library merge "$work/out/library" "$work"/out/libraries/shard-* > "$work/logs/merge2.jsonl" \
  || fail "the second merge failed"
grep -q '"added":[1-9]' "$work/logs/merge2.jsonl" && fail "the second merge added entries: $(cat "$work/logs/merge2.jsonl")"

# The same files, pixel for pixel, and the same history as the unsharded run.
expected_files="$(cd "$work/reference/images" && ls)"
actual_files="$(cd "$work/out/images" && ls)"
[ "$expected_files" = "$actual_files" ] || fail "files differ:
$(diff <(echo "$expected_files") <(echo "$actual_files"))"
[ "$(echo "$actual_files" | wc -l)" -eq 11 ] || fail "not 11 images: $actual_files"
for file in $actual_files; do
  idiff -q -a -warn 0 -fail 0 "$work/reference/images/$file" "$work/out/images/$file" > /dev/null \
    || fail "$file differs from the unsharded run's"
done
python3 "$here/compare_libraries.py" "$cli" "$work/reference/library" "$work/out/library" \
  || fail "the merged library differs from the unsharded run's"
echo "slurm_array_test: passed (11 images over 3 tasks, one killed and resumed; merged library = unsharded run)"
