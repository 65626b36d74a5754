#include "imaging/icc_profile.h"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iterator>

#include "api/errors.h"
#include "imaging/ascii_lower.h"
#include "imaging/atomic_file.h"

namespace pixart::imaging {
namespace {

constexpr std::size_t kMaxProfileBytes = 64u << 20;  // real CMYK profiles are 0.5–4 MB

std::vector<std::uint8_t> save(cmsHPROFILE profile) {
    cmsUInt32Number size = 0;
    if (!cmsSaveProfileToMem(profile, nullptr, &size) || size == 0) {
        throw Error(ErrorKind::Internal, "LittleCMS could not serialise the sRGB profile");
    }
    std::vector<std::uint8_t> bytes(size);
    if (!cmsSaveProfileToMem(profile, bytes.data(), &size)) {
        throw Error(ErrorKind::Internal, "LittleCMS could not serialise the sRGB profile");
    }
    bytes.resize(size);
    return bytes;
}

void set_text_tag(cmsHPROFILE profile, cmsTagSignature tag, const char* text) {
    cmsMLU* mlu = cmsMLUalloc(nullptr, 1);
    cmsMLUsetASCII(mlu, "en", "US", text);
    cmsWriteTag(profile, tag, mlu);
    cmsMLUfree(mlu);
}

}  // namespace

IccProfile IccProfile::srgb() {
    // Built once; the bytes are re-opened per caller so each IccProfile owns its handle.
    static const std::vector<std::uint8_t> bytes = [] {
        cmsHPROFILE profile = cmsCreate_sRGBProfile();
        if (!profile) throw Error(ErrorKind::Internal, "LittleCMS could not create sRGB");
        set_text_tag(profile, cmsSigProfileDescriptionTag, "sRGB IEC61966-2.1");
        set_text_tag(profile, cmsSigCopyrightTag, "No copyright, use freely");
        cmsSetProfileVersion(profile, 2.1);
        std::vector<std::uint8_t> saved;
        try {
            saved = save(profile);
        } catch (...) {
            cmsCloseProfile(profile);
            throw;
        }
        cmsCloseProfile(profile);
        return saved;
    }();
    return from_bytes(bytes, "sRGB");
}

IccProfile IccProfile::from_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_io_error(path, "cannot open the ICC profile", errno ? errno : ENOENT);
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg()));
    if (size > kMaxProfileBytes) {
        throw Error(ErrorKind::CorruptFile,
                    path + ": " + std::to_string(size) + " bytes is too large for an ICC profile");
    }
    in.seekg(0);
    std::vector<std::uint8_t> bytes(size);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
        throw_io_error(path, "cannot read the ICC profile", errno ? errno : EIO);
    }
    return from_bytes(std::move(bytes), path);
}

IccProfile IccProfile::from_bytes(std::vector<std::uint8_t> bytes, const std::string& what) {
    // The ICC signature 'acsp' at offset 36: cheaper and clearer than LittleCMS's generic failure.
    if (bytes.size() < 132 || bytes[36] != 'a' || bytes[37] != 'c' || bytes[38] != 's' ||
        bytes[39] != 'p') {
        throw Error(ErrorKind::CorruptFile, what + ": not an ICC profile");
    }
    cmsHPROFILE profile =
        cmsOpenProfileFromMem(bytes.data(), static_cast<cmsUInt32Number>(bytes.size()));
    if (!profile)
        throw Error(ErrorKind::CorruptFile, what + ": LittleCMS cannot read this ICC profile");
    return IccProfile(std::unique_ptr<void, Closer>(profile), std::move(bytes));
}

std::string IccProfile::description() const {
    char buffer[256] = {};
    cmsGetProfileInfoASCII(handle(), cmsInfoDescription, "en", "US", buffer, sizeof buffer);
    return buffer;
}

bool IccProfile::looks_like_srgb() const {
    if (colour_space() != cmsSigRgbData) return false;
    return ascii_lower(description()).find("srgb") != std::string::npos;
}

}  // namespace pixart::imaging
