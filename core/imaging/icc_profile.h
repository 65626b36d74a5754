// An ICC profile opened with LittleCMS, with its bytes kept for embedding.
#pragma once

#include <lcms2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pixart::imaging {

class IccProfile {
  public:
    // sRGB IEC 61966-2.1 built by LittleCMS (cmsCreate_sRGBProfile), saved as an ICC v2.1 profile
    // because v2 is what old print RIPs and viewers read; LittleCMS writes its curves as 'curv'.
    static IccProfile srgb();
    // Throws Error(Io) when the file cannot be read, Error(CorruptFile) when it is not ICC.
    static IccProfile from_file(const std::string& path);
    static IccProfile from_bytes(std::vector<std::uint8_t> bytes, const std::string& what);

    cmsHPROFILE handle() const { return handle_.get(); }
    const std::vector<std::uint8_t>& bytes() const { return bytes_; }
    cmsColorSpaceSignature colour_space() const { return cmsGetColorSpace(handle()); }
    cmsProfileClassSignature device_class() const { return cmsGetDeviceClass(handle()); }
    std::string description() const;
    // Our own or another sRGB profile (by description): no conversion needed when reading.
    bool looks_like_srgb() const;

  private:
    struct Closer {
        void operator()(void* profile) const { cmsCloseProfile(profile); }
    };
    IccProfile(std::unique_ptr<void, Closer> handle, std::vector<std::uint8_t> bytes)
        : handle_(std::move(handle)), bytes_(std::move(bytes)) {}

    std::unique_ptr<void, Closer> handle_;
    std::vector<std::uint8_t> bytes_;
};

}  // namespace pixart::imaging
