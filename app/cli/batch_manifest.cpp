#include "batch_manifest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "api/errors.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace pixart::cli {

BatchManifest::BatchManifest(std::string path, bool restart) : path_(std::move(path)) {
    std::error_code ec;
    const fs::path folder = fs::path(path_).parent_path();
    if (!folder.empty()) fs::create_directories(folder, ec);
    if (ec)
        throw Error(ErrorKind::Io, folder.string() + ": cannot create the folder: " + ec.message());
    if (restart && fs::exists(path_, ec)) {
        fs::rename(path_, path_ + ".old", ec);
        if (ec)
            throw Error(ErrorKind::Io,
                        path_ + ": cannot set the old manifest aside: " + ec.message());
    }
    std::ifstream in(path_, std::ios::binary);
    bool ends_with_newline = true;
    for (std::string line; std::getline(in, line);) {
        ends_with_newline = !in.eof();
        const json entry = json::parse(line, nullptr, false);
        if (entry.is_discarded() || !entry.is_object() || !entry.contains("image") ||
            !entry["image"].is_object() || !entry.contains("state"))
            continue;  // a torn line of a killed run
        const std::string key = entry["image"].dump();
        if (entry["state"] == "storing" && entry.value("created", json()).is_string()) {
            storing_[key] = entry["created"].get<std::string>();
        } else if (entry["state"] == "done" && entry.value("files", json()).is_array()) {
            std::vector<DoneFile> files;
            for (const json& file : entry["files"]) {
                if (!file.is_object() || !file.value("path", json()).is_string() ||
                    !file.value("bytes", json()).is_number_unsigned())
                    continue;
                files.push_back({file["path"].get<std::string>(),
                                 file["bytes"].get<std::uintmax_t>(),
                                 file.value("library", false)});
            }
            done_[key] = std::move(files);
        }
    }
    // A torn last line gets its end, so the next line starts on its own.
    if (!ends_with_newline) append("");
}

std::optional<std::vector<std::string>> BatchManifest::done(const std::string& key) const {
    const auto found = done_.find(key);
    if (found == done_.end()) return std::nullopt;
    std::vector<std::string> paths;
    for (const DoneFile& file : found->second) {
        paths.push_back(file.path);
        if (file.in_library) continue;
        std::error_code ec;
        const auto bytes = fs::file_size(file.path, ec);
        if (ec || bytes != file.bytes) return std::nullopt;  // deleted or replaced: make it again
    }
    return paths;
}

std::optional<std::string> BatchManifest::library_file(const std::string& key) const {
    const auto found = done_.find(key);
    if (found == done_.end()) return std::nullopt;
    for (const DoneFile& file : found->second)
        if (file.in_library) return file.path;
    return std::nullopt;
}

std::optional<std::string> BatchManifest::storing(const std::string& key) const {
    if (done_.count(key)) return std::nullopt;
    const auto found = storing_.find(key);
    if (found == storing_.end()) return std::nullopt;
    return found->second;
}

void BatchManifest::record_storing(const std::string& key, const std::string& created) {
    json entry = {{"image", json::parse(key)}, {"state", "storing"}, {"created", created}};
    append(entry.dump(-1, ' ', false, json::error_handler_t::replace));
    storing_[key] = created;
}

void BatchManifest::record_done(const std::string& key, const std::vector<std::string>& files,
                                const std::string& library_file) {
    json list = json::array();
    std::vector<DoneFile> done_files;
    for (const std::string& path : files) {
        std::error_code ec;
        const auto bytes = fs::file_size(path, ec);
        if (ec)
            throw Error(ErrorKind::Io,
                        path + ": written, but cannot be read back: " + ec.message());
        const bool in_library = path == library_file;
        list.push_back({{"path", path}, {"bytes", bytes}, {"library", in_library}});
        done_files.push_back({path, bytes, in_library});
    }
    json entry = {{"image", json::parse(key)}, {"state", "done"}, {"files", list}};
    append(entry.dump(-1, ' ', false, json::error_handler_t::replace));
    done_[key] = std::move(done_files);
}

void BatchManifest::append(const std::string& line) {
    const std::string text = line + "\n";
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(ErrorKind::Io,
                    path_ + ": cannot write the batch manifest: " + std::strerror(errno));
    // One write per line: appends of whole lines, durable before the next image starts.
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                    ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    if (!ok)
        throw Error(ErrorKind::Io,
                    path_ + ": cannot write the batch manifest: " + std::strerror(error));
}

}  // namespace pixart::cli
