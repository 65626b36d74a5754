// What a batch (or one shard of it) has finished: a JSON Lines file, appended and fsync'ed after
// every image, so a re-run after a kill (a node that died, Ctrl+C, a full disk) skips what is
// done and loses at most the image in progress.
//
//   {"image": {...its settings and file name...}, "state": "storing", "created": "…"}
//   {"image": {...}, "state": "done", "files": [{"path": "…", "bytes": 123, "library": false}]}
//
// "storing" is written just before an image goes into a library: a kill between the library's
// commit and "done" leaves it, and the re-run looks the entry up by its creation time instead of
// adding the image twice. An image is done when it has a "done" line whose files all exist with
// the sizes recorded; deleting an --out-dir file makes it be generated again (and not stored in
// the library twice). A torn last line (a kill
// mid-write) is ignored. The image key (batch_image_key in batch_images.h) holds everything that
// makes the image and where it goes: a re-run with other settings generates again, as it should.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace pixart::cli {

class BatchManifest {
  public:
    // Reads the manifest at `path` (a missing one is empty); creates its folder. With `restart`
    // the old manifest is renamed to PATH.old (kept, not deleted) and a new one begins.
    // Throws Error(Io) when the folder or file cannot be written.
    BatchManifest(std::string path, bool restart);

    const std::string& path() const { return path_; }

    // The files of a finished image whose files outside the library are all still there (else
    // nullopt). An image in a library stays done when its entry was deleted there: the user
    // deleted it.
    std::optional<std::vector<std::string>> done(const std::string& key) const;
    // The library image a "done" line records for `key`: an image made again (its --out-dir
    // file was deleted) is not added to the library a second time.
    std::optional<std::string> library_file(const std::string& key) const;
    // The creation time recorded when the image began going into a library, if it has no
    // "done" line yet.
    std::optional<std::string> storing(const std::string& key) const;

    void record_storing(const std::string& key, const std::string& created);
    // `library_file`: the one of `files` that is in a library ("" = none).
    void record_done(const std::string& key, const std::vector<std::string>& files,
                     const std::string& library_file);

  private:
    struct DoneFile {
        std::string path;
        std::uintmax_t bytes = 0;
        bool in_library = false;
    };
    void append(const std::string& line);

    std::string path_;
    std::unordered_map<std::string, std::vector<DoneFile>> done_;
    std::unordered_map<std::string, std::string> storing_;
};

}  // namespace pixart::cli
