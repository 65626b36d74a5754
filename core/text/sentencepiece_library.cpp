#include "text/sentencepiece_library.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

#include "api/errors.h"

namespace fs = std::filesystem;

namespace pixart {
namespace {

// = the PREFIX/OUTPUT_NAME of the pixart_spm target (sentencepiece_module/CMakeLists.txt).
constexpr const char* kModuleFileName = "libpixart_spm.so";
constexpr const char* kEnvironmentVariable = "PIXART_TOKENIZER_MODULE";

std::string executable_folder() {
    char buffer[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n <= 0) return {};
    return fs::path(std::string(buffer, static_cast<size_t>(n))).parent_path().string();
}

// A folder means the module file inside it.
std::string module_file(const std::string& file_or_folder) {
    std::error_code ec;
    if (fs::is_directory(file_or_folder, ec))
        return (fs::path(file_or_folder) / kModuleFileName).string();
    return file_or_folder;
}

template <typename Fn>
Fn resolve(void* handle, const std::string& path, const char* name) {
    void* symbol = ::dlsym(handle, name);
    if (symbol == nullptr) {
        throw Error(ErrorKind::Unsupported,
                    path + ": not a PixArt tokenizer module (no symbol " + name + ")");
    }
    return reinterpret_cast<Fn>(symbol);
}

}  // namespace

std::vector<std::string> SentencePieceLibrary::search_paths() {
    if (const char* env = std::getenv(kEnvironmentVariable); env != nullptr && *env != '\0') {
        return {module_file(env)};
    }
    std::vector<std::string> paths;
    if (const auto exe = executable_folder(); !exe.empty()) {
        paths.push_back((fs::path(exe) / kModuleFileName).string());
        // Installed: <prefix>/bin/../<libdir>/pixart-studio, wherever the prefix was moved.
        paths.push_back(
            (fs::path(exe).parent_path() / PIXART_MODULE_INSTALL_SUBDIR / kModuleFileName)
                .string());
        paths.push_back(
            (fs::path(exe).parent_path() / "lib" / "pixart-studio" / kModuleFileName).string());
    }
    paths.push_back((fs::path(PIXART_INSTALL_MODULE_DIR) / kModuleFileName).string());
    paths.push_back((fs::path(PIXART_BUILD_MODULE_DIR) / kModuleFileName).string());
    return paths;
}

std::shared_ptr<const SentencePieceLibrary> SentencePieceLibrary::load() {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const SentencePieceLibrary>> loaded;
    const auto paths = search_paths();
    std::lock_guard<std::mutex> lock(mutex);
    std::error_code ec;
    for (const auto& path : paths) {
        if (!fs::is_regular_file(path, ec)) continue;
        auto& library = loaded[path];
        if (!library) library.reset(new SentencePieceLibrary(path));
        return library;
    }
    std::string searched;
    for (const auto& path : paths) searched += "\n  " + path;
    throw Error(ErrorKind::Unsupported,
                std::string("the tokenizer module ") + kModuleFileName +
                    " was not found; searched:" + searched +
                    "\n(build with -DPIXART_WITH_TOKENIZER_MODULE=ON, or set " +
                    kEnvironmentVariable + " to the module file)");
}

SentencePieceLibrary::SentencePieceLibrary(const std::string& path) : path_(path) {
    // DEEPBIND: the module's own references (protobuf inside libsentencepiece) bind to its own
    // dependencies first, never to libtorch's copies already in the process. (Without it,
    // sentencepiece parses its model with libtorch's protobuf and crashes; ASan refuses
    // DEEPBIND, so a sanitized build cannot tokenize: docs/RELIABILITY.md.)
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (handle == nullptr) {
        const char* why = ::dlerror();
        throw Error(ErrorKind::Unsupported, path + ": cannot load the tokenizer module: " +
                                                (why ? why : "unknown dlopen error"));
    }
    const auto abi_version =
        resolve<pixart_spm_abi_version_fn>(handle, path, "pixart_spm_abi_version");
    if (abi_version() != PIXART_SPM_ABI_VERSION) {
        throw Error(ErrorKind::Unsupported,
                    path + ": tokenizer module interface version " + std::to_string(abi_version()) +
                        ", this build needs " + std::to_string(PIXART_SPM_ABI_VERSION));
    }
    open = resolve<pixart_spm_open_fn>(handle, path, "pixart_spm_open");
    free = resolve<pixart_spm_free_fn>(handle, path, "pixart_spm_free");
    vocab_size = resolve<pixart_spm_vocab_size_fn>(handle, path, "pixart_spm_vocab_size");
    encode = resolve<pixart_spm_encode_fn>(handle, path, "pixart_spm_encode");
    piece_to_id = resolve<pixart_spm_piece_to_id_fn>(handle, path, "pixart_spm_piece_to_id");
    id_to_piece = resolve<pixart_spm_id_to_piece_fn>(handle, path, "pixart_spm_id_to_piece");
    last_error = resolve<pixart_spm_last_error_fn>(handle, path, "pixart_spm_last_error");
    // The handle is deliberately never closed (see load()).
}

}  // namespace pixart
