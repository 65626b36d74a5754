// pixart-cli batch — many jobs (JSON Lines) through one loaded model: for clusters and scripts.
// Every job is checked before the model loads; a failing job is reported and the batch goes on
// (unless --stop-on-error); Ctrl+C cancels the running job and stops.
#include <sys/stat.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/engine.h"
#include "api/errors.h"
#include "api/generation_metadata.h"
#include "batch_images.h"
#include "batch_job.h"
#include "batch_manifest.h"
#include "batch_shard.h"
#include "command_line.h"
#include "commands.h"
#include "engine_options.h"
#include "export_options.h"
#include "image_output.h"
#include "library_output.h"
#include "lora_options.h"
#include "progress_printer.h"
#include "signal_cancel.h"

namespace fs = std::filesystem;

namespace pixart::cli {
namespace {

const char* const kUsage =
    "usage: pixart-cli batch --model MODEL --jobs FILE.jsonl|- (--out-dir DIR | --library DIR)\n"
    "         [--format png|tif|jpg] [--negative-prompt TEXT] [--seed N] [--steps N]\n"
    "         [--guidance F] [--width W] [--height H] [--sampler NAME] [--lora FILE[:S] ...]\n"
    "         [--shard I/N | --shards N] [--restart] [--stop-on-error]\n"
    "         [engine and memory options below]\n"
    "         [output options of `pixart-cli export`: --depth, --ppi, --paper, --cmyk, ...]\n\n"
    "Runs every job of FILE (JSON Lines; - reads stdin) with one loaded model. A job:\n"
    "  {\"prompt\": \"a red fox in snow\", \"seed\": 7, \"steps\": 30, \"name\": \"fox\"}\n"
    "Keys: prompt (string or list), negative_prompt, seed, steps, guidance_scale, width,\n"
    "height, resolution_binning, images_per_prompt, clean_caption, max_sequence_length,\n"
    "sampler, init_image, strength, loras, name; our metadata JSON ({\"format\":\n"
    "\"pixart-studio\", ...}) works too. Keys a job leaves out take the options above, else\n"
    "diffusers' defaults. All jobs are checked before the model loads.\n\n"
    "--out-dir writes NNNN[-name]-seedS.png (several images: _0, _1, ...; 8-bit PNG unless\n"
    "--depth/--format say otherwise); --library stores them in a PixArt Studio library (its\n"
    "gallery and searchable history), as the studio does. Both may be given.\n\n"
    "Images run one at a time, each with its noise from its job's batch, so an image is the\n"
    "same whichever run or shard makes it. What is done is recorded after every image in\n"
    "DIR/.pixart-batch/ (DIR: --out-dir, else --library): a re-run of the same command skips\n"
    "it and goes on; a kill loses at most the image in progress. --restart makes everything\n"
    "again.\n\n"
    "Clusters: --shard I/N runs the I-th of N near-equal parts of the images (I from 0), so N\n"
    "machines together make exactly what one would. Without --shard the part comes from\n"
    "SLURM_ARRAY_TASK_ID (an sbatch --array task; with --shards N the index itself, else its\n"
    "place in the array) or JOB_COMPLETION_INDEX with --shards N (a Kubernetes Indexed Job).\n"
    "Each shard writes its own --library (one writer per library: SQLite is not safe over\n"
    "NFS); `pixart-cli library merge` makes one of them. packaging/cluster/ has launchers.\n\n"
    "stdout: one JSON line per job ({\"line\", \"status\": \"ok\"|\"failed\"|\"cancelled\",\n"
    "\"files\" | \"error\", \"already_done\", ...}). Exit code: 0 when every image is made,\n"
    "7 when cancelled, else the code of the first failed job's error.\n\n";

GenerationRequest defaults_from(const CommandLine& cl) {
    GenerationRequest r;
    r.negative_prompt = cl.value_or("negative-prompt", "");
    r.seed = cl.seed("seed", 0);
    r.steps = static_cast<int>(cl.integer("steps", 20, 1, 1000));
    r.guidance_scale = cl.number("guidance", 4.5, 0.0, 100.0);
    r.width = static_cast<int>(cl.integer("width", 0, 0, 8192));
    r.height = static_cast<int>(cl.integer("height", 0, 0, 8192));
    r.sampler = cl.value_or("sampler", r.sampler);
    // --lora for every job (a job's own "loras" replace them).
    for (const auto& text : cl.values("lora")) r.loras.push_back(parse_lora(text));
    return r;
}

std::vector<BatchJob> read_jobs(const std::string& source, const GenerationRequest& defaults) {
    if (source == "-") return read_batch_jobs(std::cin, "stdin", defaults);
    // A pipe or a device (/dev/zero) is no jobs file: it may block or never end.
    struct stat info {};
    if (::stat(source.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
        throw Error(ErrorKind::Io, source + ": is not a regular file (give - to read stdin)");
    std::ifstream in(source);
    if (!in) throw Error(ErrorKind::Io, source + ": cannot open the jobs file");
    return read_batch_jobs(in, source, defaults);
}

// What a job did in this run (its images of this shard).
struct JobOutcome {
    std::string status = "ok";
    std::vector<std::string> files;
    std::optional<Error> error;
    double seconds = 0.0;
    int made = 0;
    int skipped = 0;  // done by an earlier run (the manifest)
    int images = 0;   // of this shard
};

void print_outcome(const BatchJob& job, const JobOutcome& outcome) {
    nlohmann::ordered_json line = {{"line", job.line}, {"status", outcome.status}};
    if (!job.name.empty()) line["name"] = job.name;
    line["seed"] = job.request.seed;
    if (outcome.error) {
        line["error"] = outcome.error->what();
        line["exit_code"] = exit_code_for(outcome.error->kind());
    } else {
        line["files"] = outcome.files;
        line["seconds"] = outcome.seconds;
    }
    if (outcome.skipped > 0) line["already_done"] = outcome.skipped;
    std::cout << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << std::endl;
}

}  // namespace

int command_batch(const Args& args) {
    auto values = export_value_options();
    values.merge(engine_value_options());
    values.insert({"model", "jobs", "out-dir", "library", "format", "negative-prompt", "seed",
                   "steps", "guidance", "width", "height", "sampler", "lora", "shard", "shards"});
    auto flags = export_flag_options();
    flags.merge(engine_flag_options());
    flags.insert({"help", "stop-on-error", "restart"});
    const CommandLine cl(args, values, flags);
    if (cl.flag("help")) {
        std::cout << kUsage << kEngineOptionsUsage;
        return 0;
    }
    cl.reject_positional();
    const std::string model = cl.required("model", "MODEL");
    const std::string jobs_file = cl.required("jobs", "FILE.jsonl");
    const auto out_dir = cl.value("out-dir");
    const auto library_dir = cl.value("library");
    if (!out_dir && !library_dir)
        throw Error(ErrorKind::InvalidArgument, "give --out-dir DIR, --library DIR or both");
    const std::string extension = cl.value_or("format", "png");
    if (extension != "png" && extension != "tif" && extension != "tiff" && extension != "jpg" &&
        extension != "jpeg")
        throw Error(ErrorKind::InvalidArgument, "--format must be png, tif or jpg");

    // Everything that can be checked is checked before the model loads.
    const BatchShard shard =
        batch_shard_from(cl, [](const char* name) { return std::getenv(name); });
    const std::vector<BatchJob> jobs = read_jobs(jobs_file, defaults_from(cl));
    const std::vector<BatchImage> all_images = expand_batch_jobs(jobs);
    const auto [first, last] = shard_range(all_images.size(), shard);
    const auto file_path = [&](const BatchImage& image) {
        return (fs::path(*out_dir) / (image.file_stem + "." + extension)).string();
    };
    if (out_dir) {
        std::error_code ec;
        fs::create_directories(*out_dir, ec);
        if (ec)
            throw Error(ErrorKind::Io, *out_dir + ": cannot create the folder: " + ec.message());
        check_output_options(cl, file_path(all_images.front()));
    }
    for (const BatchJob& job : jobs) {
        std::error_code ec;
        if (!job.init_image.empty() && !fs::is_regular_file(job.init_image, ec))
            throw Error(ErrorKind::Io, jobs_file + " line " + std::to_string(job.line) +
                                           ": init_image " + job.init_image + " is not a file");
    }
    // One batch writer per library, on any machine (SQLite is not safe over NFS).
    std::optional<LibraryOutput> library;
    if (library_dir)
        library.emplace(*library_dir,
                        "pixart-cli batch" + (shard.whole() ? std::string() : " " + shard.name()));
    const std::string manifest_folder = out_dir ? *out_dir : *library_dir;
    BatchManifest manifest(
        (fs::path(manifest_folder) / ".pixart-batch" / (shard.name() + ".jsonl")).string(),
        cl.flag("restart"));
    if (!shard.whole()) {
        std::fprintf(stderr, "batch: shard %d of %d (%s): images %zu-%zu of %zu\n", shard.index,
                     shard.count, shard.source.c_str(), first + 1, last, all_images.size());
    }

    // What earlier runs finished: skipped. An image a killed run was putting into the library
    // is looked up there, so it is neither lost nor stored twice.
    std::vector<std::string> keys(all_images.size());
    std::vector<std::optional<std::vector<std::string>>> done(all_images.size());
    std::size_t to_make = 0;
    for (std::size_t i = first; i < last; ++i) {
        const BatchImage& image = all_images[i];
        keys[i] = batch_image_key(image, jobs[image.job], model, out_dir ? file_path(image) : "",
                                  library.has_value());
        done[i] = manifest.done(keys[i]);
        if (!done[i] && library) {
            if (const auto created = manifest.storing(keys[i])) {
                if (const auto stored = library->find(*created, image.request.seed,
                                                      image.request.noise_batch_index)) {
                    std::vector<std::string> files;
                    if (out_dir) files.push_back(file_path(image));
                    files.push_back(*stored);
                    manifest.record_done(keys[i], files, *stored);
                    done[i] = manifest.done(keys[i]);
                }
            }
        }
        if (!done[i]) ++to_make;
    }
    if (last - first > to_make) {
        std::fprintf(stderr, "batch: %zu of %zu image(s) already done (%s); %zu to make%s\n",
                     last - first - to_make, last - first, manifest.path().c_str(), to_make,
                     to_make > 0 ? "" : " (--restart makes them again)");
    }

    // The model loads only when there is something to make.
    std::unique_ptr<Engine> engine;
    if (to_make > 0) engine = Engine::open(model, engine_options_from(cl));

    const SignalCancel signals;
    ProgressPrinter printer;
    std::size_t jobs_ok = 0, jobs_failed = 0, jobs_run = 0, made = 0;
    std::optional<Error> first_failure;
    bool cancelled = false;
    std::size_t i = first;
    while (i < last && !cancelled) {
        const std::size_t job_index = all_images[i].job;
        const BatchJob& job = jobs[job_index];
        JobOutcome outcome;
        std::shared_ptr<const InitImage> init_image;  // read once per job
        for (; i < last && all_images[i].job == job_index; ++i) {
            const BatchImage& image = all_images[i];
            ++outcome.images;
            if (done[i]) {
                ++outcome.skipped;
                for (const auto& file : *done[i]) outcome.files.push_back(file);
                continue;
            }
            if (outcome.error || cancelled) continue;  // the job failed: its other images too
            printer.set_prefix("image " + std::to_string(made + 1) + "/" + std::to_string(to_make) +
                               " (line " + std::to_string(job.line) + "): ");
            try {
                GenerationRequest request = image.request;
                if (!job.init_image.empty()) {
                    if (!init_image) init_image = read_cli_init_image(job.init_image);
                    request.init_image = init_image;
                }
                const GenerationResult result =
                    engine->generate(request, printer.callbacks(), signals.token());
                outcome.seconds += result.seconds;
                GenerationMetadata metadata = metadata_for(request, 0, 0, engine->info().name);
                metadata.images_per_prompt = image.images_per_prompt;
                metadata.width = result.images.front().width;
                metadata.height = result.images.front().height;
                metadata.duration_seconds = result.seconds;
                std::vector<std::string> files;
                if (out_dir) {
                    write_image(cl, file_path(image), result.images.front(), metadata);
                    files.push_back(file_path(image));
                }
                std::string library_file;
                if (library) {
                    if (const auto stored = manifest.library_file(keys[i])) {
                        library_file = *stored;  // made again for --out-dir only
                    } else {
                        // Recorded before it goes in: a re-run after a kill right after the
                        // library's commit finds the entry by this time, not adding it twice.
                        metadata.created = library->timestamp();
                        manifest.record_storing(keys[i], metadata.created);
                        library_file = library->store_image(result.images.front(), metadata,
                                                            engine->info().path);
                    }
                    files.push_back(library_file);
                }
                manifest.record_done(keys[i], files, library_file);
                for (const auto& file : files) outcome.files.push_back(file);
                ++outcome.made;
                ++made;
            } catch (const Error& e) {
                outcome.error = e;
            } catch (const std::bad_alloc&) {
                outcome.error = Error(ErrorKind::OutOfMemory, "out of memory");
            }
            if (outcome.error) {
                cancelled = outcome.error->kind() == ErrorKind::Cancelled;
                ++made;  // its number is used
            }
        }
        ++jobs_run;
        if (outcome.error) {
            outcome.status = cancelled ? "cancelled" : "failed";
            if (!cancelled) {
                ++jobs_failed;
                if (!first_failure) first_failure = outcome.error;
                std::fprintf(stderr, "job %zu (line %d) failed: %s\n", job_index + 1, job.line,
                             outcome.error->what());
            }
        } else {
            ++jobs_ok;
        }
        print_outcome(job, outcome);
        if (jobs_failed > 0 && cl.flag("stop-on-error")) break;
    }

    std::fprintf(stderr, "batch: %zu of %zu job(s) done, %zu failed%s\n", jobs_ok, jobs_run,
                 jobs_failed, cancelled ? ", cancelled" : "");
    if (engine) {
        // What T5 cost the batch: a repeated prompt reads none of its weights.
        const auto t5 = engine->text_encoder_stats();
        char read[64] = "no T5 weights read";
        if (t5.bytes_read > 0)
            std::snprintf(read, sizeof read, "%.1f MiB of T5 weights read",
                          static_cast<double>(t5.bytes_read) / (1 << 20));
        std::fprintf(stderr,
                     "text encoder: %d text(s) encoded, %d reused (%d from the prompt cache on "
                     "disk); %s (prompt cache: %s)\n",
                     t5.encoded, t5.memory_cache_hits + t5.disk_cache_hits, t5.disk_cache_hits,
                     read, t5.prompt_cache.c_str());
    }
    if (cancelled) return exit_code_for(ErrorKind::Cancelled);
    if (first_failure) return exit_code_for(first_failure->kind());
    return 0;
}

}  // namespace pixart::cli
