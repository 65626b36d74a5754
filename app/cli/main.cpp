// pixart-cli — the headless face of PixArt Studio: inspect, tokenize, generate, export, bench.
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include "api/errors.h"
#include "api/runtime.h"
#include "commands.h"

namespace pixart::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"inspect", command_inspect, "show a model folder's components, dtypes, sizes and bins"},
        {"tokenize", command_tokenize, "JSON prompts on stdin to the T5 ids the pipeline uses"},
        {"generate", command_generate,
         "prompt(s) to image(s) (PNG), optionally dumping every tensor"},
        {"batch", command_batch,
         "many jobs (JSON Lines) with one loaded model, to files or a library"},
        {"history", command_history, "list or search a library's generations; re-run them as jobs"},
        {"library", command_library, "merge libraries (the shards of a cluster batch) into one"},
        {"bench", command_bench, "time denoising steps at true size with random weights"},
        {"bench-vae", command_bench_vae,
         "time one VAE decode (banded above 1024 px) with random weights"},
        {"export", command_export, "export an image for print or screen (paper sizes, ppi, CMYK)"},
    };
    return list;
}

namespace {

void print_help() {
    std::cout << "usage: pixart-cli COMMAND [options]\n\n"
                 "PixArt-Sigma text-to-image on the command line (PixArt Studio).\n\ncommands:\n";
    for (const auto& c : commands()) std::printf("  %-10s %s\n", c.name, c.summary);
    std::cout << "\n  pixart-cli COMMAND --help   options of one command\n"
                 "  pixart-cli --version        versions of PixArt Studio and libtorch\n\n"
                 "exit codes: 0 ok, 1 internal error, 2 bad model folder or model file, 3 invalid\n"
                 "argument, 4 i/o error, 5 unsupported, 6 out of memory, 7 cancelled\n";
}

void print_version() {
    const auto info = runtime_info();
    std::cout << "pixart-cli " << info.pixart_version << " (libtorch " << info.torch_version
              << (info.cuda_available ? ", CUDA available" : ", CPU") << ")\n";
}

}  // namespace
}  // namespace pixart::cli

int main(int argc, char** argv) {
    using namespace pixart;
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            cli::print_help();
            return args.empty() ? exit_code_for(ErrorKind::InvalidArgument) : 0;
        }
        if (args[0] == "--version" || args[0] == "-V") {
            cli::print_version();
            return 0;
        }
        for (const auto& command : cli::commands()) {
            if (args[0] == command.name) {
                if (const auto warning = blas_warning(); !warning.empty())
                    std::cerr << warning << "\n";
                return command.run(std::vector<std::string>(args.begin() + 1, args.end()));
            }
        }
        throw Error(ErrorKind::InvalidArgument,
                    "unknown command '" + args[0] + "' (see pixart-cli --help)");
    } catch (const Error& e) {
        std::cerr << "pixart-cli: " << e.what() << "\n";
        return exit_code_for(e.kind());
    } catch (const std::bad_alloc&) {
        std::cerr << "pixart-cli: out of memory\n";
        return exit_code_for(ErrorKind::OutOfMemory);
    } catch (const std::exception& e) {
        std::cerr << "pixart-cli: internal error: " << e.what() << "\n";
        return exit_code_for(ErrorKind::Internal);
    }
}
