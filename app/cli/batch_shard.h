// Which part of a batch this process runs: `--shard I/N`, or the cluster's array index.
//
// Images (not lines) are split into N contiguous, near-equal ranges, in file order; shard I
// (0-based, as SLURM array and Kubernetes completion indices count) runs range I. Contiguous
// ranges keep a job's images, and so its prompt's T5 encoding, mostly on one shard.
//
// Without --shard: SLURM_ARRAY_TASK_ID (with --shards N: the index itself, the array must be
// 0..N-1 — what a re-submitted part of an array needs; without: its position in the array,
// SLURM_ARRAY_TASK_MIN/STEP/COUNT), else JOB_COMPLETION_INDEX with --shards N (the Job's
// completions), else the whole batch.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>

#include "command_line.h"

namespace pixart::cli {

struct BatchShard {
    int index = 0;
    int count = 1;
    std::string source;  // how it was chosen ("--shard", "SLURM_ARRAY_TASK_ID=4", ...); "" = all

    bool whole() const { return count == 1; }
    std::string name() const;  // "all" or "shard-I-of-N"
};

constexpr int kMaxShards = 100000;

using EnvironmentLookup = std::function<const char*(const char*)>;

// Throws Error(InvalidArgument) for a bad --shard/--shards or an inconsistent environment.
BatchShard batch_shard_from(const CommandLine& cl, const EnvironmentLookup& environment);

// Shard `shard`'s images among `total`: [first, last).
std::pair<std::size_t, std::size_t> shard_range(std::size_t total, const BatchShard& shard);

}  // namespace pixart::cli
