#include "batch_shard.h"

#include <cerrno>
#include <cstdlib>

#include "api/errors.h"

namespace pixart::cli {
namespace {

[[noreturn]] void bad(const std::string& message) {
    throw Error(ErrorKind::InvalidArgument, message);
}

// A whole number in [min, max] from `text`; `what` names it in the error.
long long whole_number(const std::string& text, const std::string& what, long long min,
                       long long max) {
    errno = 0;
    char* end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE || value < min || value > max)
        bad(what + " must be a whole number between " + std::to_string(min) + " and " +
            std::to_string(max) + ", got '" + text + "'");
    return value;
}

BatchShard checked(long long index, long long count, std::string source) {
    if (index < 0 || index >= count)
        bad(source + ": shard index " + std::to_string(index) + " is not below the shard count " +
            std::to_string(count) +
            " (shards count from 0; when re-submitting part of an array, give --shards N)");
    BatchShard shard;
    shard.index = static_cast<int>(index);
    shard.count = static_cast<int>(count);
    shard.source = std::move(source);
    return shard;
}

}  // namespace

std::string BatchShard::name() const {
    if (whole()) return "all";
    return "shard-" + std::to_string(index) + "-of-" + std::to_string(count);
}

BatchShard batch_shard_from(const CommandLine& cl, const EnvironmentLookup& environment) {
    const auto shards_option = cl.value("shards");
    const long long shards =
        shards_option ? whole_number(*shards_option, "--shards", 1, kMaxShards) : 0;
    const auto env = [&](const char* name) -> std::string {
        const char* value = environment(name);
        return value ? value : "";
    };

    if (const auto shard = cl.value("shard")) {
        const auto slash = shard->find('/');
        if (slash == std::string::npos) bad("--shard must be I/N (e.g. 0/3), got '" + *shard + "'");
        const long long count =
            whole_number(shard->substr(slash + 1), "--shard's N", 1, kMaxShards);
        const long long index = whole_number(shard->substr(0, slash), "--shard's I", 0, count - 1);
        if (shards && shards != count)
            bad("--shard " + *shard + " and --shards " + *shards_option + " disagree");
        return checked(index, count, "--shard " + *shard);
    }
    if (const std::string task = env("SLURM_ARRAY_TASK_ID"); !task.empty()) {
        const long long id = whole_number(task, "SLURM_ARRAY_TASK_ID", 0, 1LL << 31);
        const std::string source = "SLURM_ARRAY_TASK_ID=" + task;
        if (shards) return checked(id, shards, source);
        const std::string count_text = env("SLURM_ARRAY_TASK_COUNT");
        if (count_text.empty()) bad(source + " without SLURM_ARRAY_TASK_COUNT: give --shards N");
        const long long count = whole_number(count_text, "SLURM_ARRAY_TASK_COUNT", 1, kMaxShards);
        const std::string min_text = env("SLURM_ARRAY_TASK_MIN");
        const std::string step_text = env("SLURM_ARRAY_TASK_STEP");
        const long long min =
            min_text.empty() ? 0 : whole_number(min_text, "SLURM_ARRAY_TASK_MIN", 0, 1LL << 31);
        const long long step =
            step_text.empty() ? 1 : whole_number(step_text, "SLURM_ARRAY_TASK_STEP", 1, 1LL << 31);
        if (id < min || (id - min) % step != 0)
            bad(source + " is not in the array MIN + k x STEP (" + std::to_string(min) + ", " +
                std::to_string(step) + "): give --shards N");
        return checked((id - min) / step, count, source + " of " + count_text);
    }
    if (const std::string index = env("JOB_COMPLETION_INDEX"); !index.empty()) {
        if (!shards)
            bad("JOB_COMPLETION_INDEX=" + index +
                " (a Kubernetes Indexed Job): give --shards N, the Job's completions");
        return checked(whole_number(index, "JOB_COMPLETION_INDEX", 0, kMaxShards), shards,
                       "JOB_COMPLETION_INDEX=" + index);
    }
    if (shards)
        bad("--shards " + *shards_option +
            ": which shard is this? give --shard I/N, or run as a SLURM array task "
            "(SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX)");
    return {};
}

std::pair<std::size_t, std::size_t> shard_range(std::size_t total, const BatchShard& shard) {
    const auto bound = [&](long long i) {
        // total x i / count without overflow for any realistic batch (total < 2^40).
        return static_cast<std::size_t>(static_cast<unsigned long long>(total) *
                                        static_cast<unsigned long long>(i) /
                                        static_cast<unsigned long long>(shard.count));
    };
    return {bound(shard.index), bound(shard.index + 1LL)};
}

}  // namespace pixart::cli
