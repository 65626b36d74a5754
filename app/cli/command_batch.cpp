// pixart-cli batch — many jobs (JSON Lines) through one loaded model: for clusters and scripts.
// Every job is checked before the model loads; a failing job is reported and the batch goes on
// (unless --stop-on-error); Ctrl+C cancels the running job and stops.
#include <sys/stat.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/engine.h"
#include "api/errors.h"
#include "batch_job.h"
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
    "         [--stop-on-error]\n"
    "         [engine and memory options below]\n"
    "         [output options of `pixart-cli export`: --depth, --ppi, --paper, --cmyk, ...]\n\n"
    "Runs every job of FILE (JSON Lines; - reads stdin) with one loaded model. A job:\n"
    "  {\"prompt\": \"a red fox in snow\", \"seed\": 7, \"steps\": 30, \"name\": \"fox\"}\n"
    "Keys: prompt (string or list), negative_prompt, seed, steps, guidance_scale, width,\n"
    "height, resolution_binning, images_per_prompt, clean_caption, max_sequence_length,\n"
    "sampler, name; our metadata JSON ({\"format\": \"pixart-studio\", ...}) works too. Keys a\n"
    "job leaves out take the options above, else diffusers' defaults. All jobs are checked\n"
    "before the model loads.\n\n"
    "--out-dir writes NNNN[-name]-seedS.png (several images: _0, _1, ...; 8-bit PNG unless\n"
    "--depth/--format say otherwise); --library stores them in a PixArt Studio library (its\n"
    "gallery and searchable history), as the studio does. Both may be given.\n"
    "stdout: one JSON line per job ({\"line\", \"status\": \"ok\"|\"failed\"|\"cancelled\",\n"
    "\"files\" | \"error\", ...}). Exit code: 0 when every job succeeded, 7 when cancelled,\n"
    "else the code of the first failed job's error.\n\n";

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

std::string output_path(const std::string& dir, std::size_t ordinal, const BatchJob& job,
                        const std::string& extension) {
    char number[24];
    std::snprintf(number, sizeof number, "%04zu", ordinal);
    std::string name = number;
    if (!job.name.empty()) name += "-" + job.name;
    name += "-seed" + std::to_string(job.request.seed) + "." + extension;
    return (fs::path(dir) / name).string();
}

struct JobOutcome {
    std::string status = "ok";
    std::vector<std::string> files;
    std::optional<Error> error;
    double seconds = 0.0;
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
    std::cout << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << std::endl;
}

}  // namespace

int command_batch(const Args& args) {
    auto values = export_value_options();
    values.merge(engine_value_options());
    values.insert({"model", "jobs", "out-dir", "library", "format", "negative-prompt", "seed",
                   "steps", "guidance", "width", "height", "sampler", "lora"});
    auto flags = export_flag_options();
    flags.merge(engine_flag_options());
    flags.insert({"help", "stop-on-error"});
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
    const std::vector<BatchJob> jobs = read_jobs(jobs_file, defaults_from(cl));
    if (out_dir) {
        std::error_code ec;
        fs::create_directories(*out_dir, ec);
        if (ec)
            throw Error(ErrorKind::Io, *out_dir + ": cannot create the folder: " + ec.message());
        check_output_options(cl, output_path(*out_dir, 1, jobs.front(), extension));
    }
    for (const BatchJob& job : jobs) {
        std::error_code ec;
        if (!job.init_image.empty() && !fs::is_regular_file(job.init_image, ec))
            throw Error(ErrorKind::Io, jobs_file + " line " + std::to_string(job.line) +
                                           ": init_image " + job.init_image + " is not a file");
    }
    std::optional<LibraryOutput> library;
    if (library_dir) library.emplace(*library_dir);

    auto engine = Engine::open(model, engine_options_from(cl));

    const SignalCancel signals;
    ProgressPrinter printer;
    std::size_t succeeded = 0, failed = 0;
    std::optional<Error> first_failure;
    bool cancelled = false;
    for (std::size_t i = 0; i < jobs.size() && !cancelled; ++i) {
        const BatchJob& job = jobs[i];
        printer.set_prefix("job " + std::to_string(i + 1) + "/" + std::to_string(jobs.size()) +
                           ": ");
        JobOutcome outcome;
        try {
            GenerationRequest request = job.request;
            if (!job.init_image.empty()) request.init_image = read_cli_init_image(job.init_image);
            const GenerationResult result =
                engine->generate(request, printer.callbacks(), signals.token());
            outcome.seconds = result.seconds;
            if (out_dir) {
                const std::string path = output_path(*out_dir, i + 1, job, extension);
                for (const auto& file :
                     write_generated_images(cl, path, result, request, engine->info()))
                    outcome.files.push_back(file);
            }
            if (library) {
                for (const auto& file : library->store(result, request, engine->info()))
                    outcome.files.push_back(file);
            }
        } catch (const Error& e) {
            outcome.error = e;
        } catch (const std::bad_alloc&) {
            outcome.error = Error(ErrorKind::OutOfMemory, "out of memory");
        }
        if (outcome.error) {
            cancelled = outcome.error->kind() == ErrorKind::Cancelled;
            outcome.status = cancelled ? "cancelled" : "failed";
            if (!cancelled) {
                ++failed;
                if (!first_failure) first_failure = outcome.error;
                std::fprintf(stderr, "job %zu (line %d) failed: %s\n", i + 1, job.line,
                             outcome.error->what());
            }
        } else {
            ++succeeded;
        }
        print_outcome(job, outcome);
        if (failed > 0 && cl.flag("stop-on-error")) break;
    }

    std::fprintf(stderr, "batch: %zu of %zu job(s) done, %zu failed%s\n", succeeded, jobs.size(),
                 failed, cancelled ? ", cancelled" : "");
    // What T5 cost the batch: a repeated prompt reads none of its weights.
    const auto t5 = engine->text_encoder_stats();
    char read[64] = "no T5 weights read";
    if (t5.bytes_read > 0)
        std::snprintf(read, sizeof read, "%.1f MiB of T5 weights read",
                      static_cast<double>(t5.bytes_read) / (1 << 20));
    std::fprintf(stderr,
                 "text encoder: %d text(s) encoded, %d reused (%d from the prompt cache on "
                 "disk); %s (prompt cache: %s)\n",
                 t5.encoded, t5.memory_cache_hits + t5.disk_cache_hits, t5.disk_cache_hits, read,
                 t5.prompt_cache.c_str());
    if (cancelled) return exit_code_for(ErrorKind::Cancelled);
    if (first_failure) return exit_code_for(first_failure->kind());
    return 0;
}

}  // namespace pixart::cli
