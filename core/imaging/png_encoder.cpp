#include "imaging/png_encoder.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <OpenImageIO/parallel.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>
#include <vector>

#include "api/errors.h"
#include "imaging/atomic_file.h"
#include "imaging/png_chunks.h"
#include "imaging/png_row_filter.h"

namespace pixart::imaging {
namespace {

constexpr std::size_t kWindowBytes = 32768;        // deflate's window: each segment's dictionary
constexpr std::size_t kSegmentBytes = 512u << 10;  // filtered bytes one task compresses
constexpr std::size_t kGroupBytes = 16u << 20;     // compressed together between cancel checks

// The open file; every write is checked (a full disk is an Io error, never a short file).
class OutputFile {
  public:
    explicit OutputFile(const std::string& path) : path_(path) {
        fd_ = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd_ < 0) throw_io_error(path, "cannot write the PNG", errno);
    }
    ~OutputFile() {
        if (fd_ >= 0) ::close(fd_);
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void write(const std::uint8_t* data, std::size_t size) {
        while (size > 0) {
            const ssize_t n = ::write(fd_, data, size);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw_io_error(path_, "could not write the file", n < 0 ? errno : EIO);
            data += n;
            size -= static_cast<std::size_t>(n);
        }
    }
    void write(const std::vector<std::uint8_t>& bytes) { write(bytes.data(), bytes.size()); }

    // One chunk straight from `data` (no copy of the image data into a chunk buffer).
    void write_chunk(const char (&type)[5], const std::uint8_t* data, std::size_t size) {
        std::vector<std::uint8_t> header;
        append_png_be32(header, static_cast<std::uint32_t>(size));
        header.insert(header.end(), type, type + 4);
        write(header);
        write(data, size);
        uLong crc = ::crc32(0L, reinterpret_cast<const Bytef*>(type), 4);
        crc = ::crc32(crc, data, static_cast<uInt>(size));
        std::vector<std::uint8_t> trailer;
        append_png_be32(trailer, static_cast<std::uint32_t>(crc));
        write(trailer);
    }

    void close() {
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) throw_io_error(path_, "could not write the file", errno);
    }

  private:
    std::string path_;
    int fd_ = -1;
};

std::uint8_t colour_type(int channels) {
    switch (channels) {
        case 1:
            return 0;  // grey
        case 2:
            return 4;  // grey + alpha
        case 3:
            return 2;  // RGB
        case 4:
            return 6;  // RGBA
    }
    throw Error(ErrorKind::InvalidArgument,
                "a PNG holds 1 to 4 channels, not " + std::to_string(channels));
}

// One row as PNG stores it: samples big-endian.
void stored_row(const PixelBuffer& pixels, int y, std::uint8_t* out) {
    const std::size_t size = pixels.row_bytes();
    const std::uint8_t* in = pixels.data.data() + std::size_t(y) * size;
    if (pixels.bit_depth == 8) {
        std::memcpy(out, in, size);
        return;
    }
    for (std::size_t i = 0; i < size; i += 2) {
        std::uint16_t v;
        std::memcpy(&v, in + i, 2);
        out[i] = std::uint8_t(v >> 8);
        out[i + 1] = std::uint8_t(v & 0xff);
    }
}

// libpng's choice for filtered rows is Z_FILTERED: string matching that prefers short codes. In
// 16-bit rows of photographic content the low bytes are noise after filtering and string matches
// are all but absent, so zlib's run-length mode (Z_RLE, "almost as fast as Huffman-only, better
// for PNG image data") gives the same size 3-5x faster. Not on synthetic ramps, where repeated
// residual patterns do match: so each 16-bit segment compresses a sample both ways first and
// takes the full search when it saves 2 % (docs/PERFORMANCE.md §13). Level 9 always searches.
constexpr std::size_t kSampleBytes = 64u << 10;
constexpr double kSearchPaysOff = 0.98;

// A raw deflate stream (no zlib header: the segments share the one the file starts with), primed
// with `dictionary`, ended whatever happens.
class RawDeflater {
  public:
    RawDeflater(int level, int strategy, const std::uint8_t* dictionary, std::size_t size) {
        if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, strategy) != Z_OK) {
            throw Error(ErrorKind::OutOfMemory, "zlib could not start a PNG compressor");
        }
        if (size > 0) deflateSetDictionary(&z, dictionary, static_cast<uInt>(size));
    }
    ~RawDeflater() { deflateEnd(&z); }
    RawDeflater(const RawDeflater&) = delete;
    RawDeflater& operator=(const RawDeflater&) = delete;

    z_stream z{};
};

std::size_t deflated_size(const std::uint8_t* dictionary, std::size_t dictionary_size,
                          const std::uint8_t* input, std::size_t size, int level, int strategy) {
    RawDeflater deflater(level, strategy, dictionary, dictionary_size);
    z_stream& z = deflater.z;
    std::vector<std::uint8_t> out(deflateBound(&z, size));
    z.next_in = const_cast<Bytef*>(input);
    z.avail_in = static_cast<uInt>(size);
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    return z.total_out;
}

int deflate_strategy(int bit_depth, int level, const std::uint8_t* dictionary,
                     std::size_t dictionary_size, const std::uint8_t* input, std::size_t size) {
    if (level == 0) return Z_DEFAULT_STRATEGY;
    if (bit_depth != 16 || level == 9) return Z_FILTERED;
    const std::size_t sample = std::min(size, kSampleBytes);
    const std::size_t runs =
        deflated_size(dictionary, dictionary_size, input, sample, level, Z_RLE);
    const std::size_t searched =
        deflated_size(dictionary, dictionary_size, input, sample, level, Z_FILTERED);
    return double(searched) < kSearchPaysOff * double(runs) ? Z_FILTERED : Z_RLE;
}

struct Segment {
    int first_row = 0;
    int end_row = 0;
    std::vector<std::uint8_t> deflated;  // raw deflate, ending on a byte boundary
    uLong adler = 1;                     // Adler-32 of this segment's filtered bytes
    std::size_t filtered_bytes = 0;
};

// Filters rows [first_row, end_row) and deflates them as one piece of the image's stream: primed
// with the filtered bytes before it (recomputed from the rows above) and ended with a sync flush,
// or with the stream's end when `last`.
void compress_segment(const PixelBuffer& pixels, int level, bool last, Segment& segment) {
    const std::size_t row_bytes = pixels.row_bytes();
    const std::size_t filtered_row = row_bytes + 1;
    const std::size_t pixel_bytes = std::size_t(pixels.channels) * (pixels.bit_depth / 8);
    const int window_rows = static_cast<int>((kWindowBytes + filtered_row - 1) / filtered_row);
    const int start = std::max(0, segment.first_row - window_rows);

    PngRowFilter filter(row_bytes, pixel_bytes);
    std::vector<std::uint8_t> current(row_bytes);
    std::vector<std::uint8_t> previous(row_bytes);
    if (start > 0) stored_row(pixels, start - 1, previous.data());
    std::vector<std::uint8_t> filtered(std::size_t(segment.end_row - start) * filtered_row);
    for (int y = start; y < segment.end_row; ++y) {
        stored_row(pixels, y, current.data());
        filter.filter(current.data(), y > 0 ? previous.data() : nullptr,
                      filtered.data() + std::size_t(y - start) * filtered_row);
        current.swap(previous);
    }
    const std::size_t own_start = std::size_t(segment.first_row - start) * filtered_row;
    const std::uint8_t* input = filtered.data() + own_start;
    const std::size_t input_size = filtered.size() - own_start;
    segment.filtered_bytes = input_size;
    segment.adler = ::adler32(1L, input, static_cast<uInt>(input_size));

    const std::size_t dictionary = std::min(own_start, kWindowBytes);
    const int strategy = deflate_strategy(pixels.bit_depth, level, input - dictionary, dictionary,
                                          input, input_size);
    RawDeflater deflater(level, strategy, input - dictionary, dictionary);
    z_stream& z = deflater.z;
    segment.deflated.resize(deflateBound(&z, input_size) + 64);
    z.next_in = const_cast<Bytef*>(input);
    z.avail_in = static_cast<uInt>(input_size);
    z.next_out = segment.deflated.data();
    z.avail_out = static_cast<uInt>(segment.deflated.size());
    const int flush = last ? Z_FINISH : Z_SYNC_FLUSH;
    for (;;) {
        const int rc = deflate(&z, flush);
        if (rc == Z_STREAM_ERROR) throw Error(ErrorKind::Internal, "zlib refused the PNG data");
        const bool done = last ? rc == Z_STREAM_END : (z.avail_in == 0 && z.avail_out > 0);
        if (done) break;
        const std::size_t used = segment.deflated.size() - z.avail_out;  // rare: bound too tight
        segment.deflated.resize(segment.deflated.size() * 2);
        z.next_out = segment.deflated.data() + used;
        z.avail_out = static_cast<uInt>(segment.deflated.size() - used);
    }
    segment.deflated.resize(segment.deflated.size() - z.avail_out);
}

// The two bytes before the deflate data: 32 KiB window, the level's class, a valid check.
std::vector<std::uint8_t> zlib_header(int level) {
    const std::uint8_t cmf = 0x78;
    const int level_class = level <= 1 ? 0 : level <= 5 ? 1 : level == 6 ? 2 : 3;
    std::uint8_t flg = std::uint8_t(level_class << 6);
    flg = std::uint8_t(flg + (31 - (cmf * 256 + flg) % 31) % 31);
    return {cmf, flg};
}

std::vector<std::uint8_t> header_chunks(const PixelBuffer& pixels, const EncodeSettings& s) {
    std::vector<std::uint8_t> out(kPngSignature, kPngSignature + 8);
    std::vector<std::uint8_t> ihdr;
    append_png_be32(ihdr, static_cast<std::uint32_t>(pixels.width));
    append_png_be32(ihdr, static_cast<std::uint32_t>(pixels.height));
    ihdr.push_back(static_cast<std::uint8_t>(pixels.bit_depth));
    ihdr.push_back(colour_type(pixels.channels));
    ihdr.insert(ihdr.end(), {0, 0, 0});  // deflate, adaptive filtering, not interlaced
    append_png_chunk(out, "IHDR", ihdr.data(), ihdr.size());

    if (s.icc_profile && !s.icc_profile->empty()) {
        uLongf size = compressBound(s.icc_profile->size());
        std::vector<std::uint8_t> packed(size);
        if (compress2(packed.data(), &size, s.icc_profile->data(), s.icc_profile->size(), 9) !=
            Z_OK) {
            throw Error(ErrorKind::OutOfMemory, "zlib could not compress the ICC profile");
        }
        const std::string name = "ICC profile";
        std::vector<std::uint8_t> iccp(name.begin(), name.end());
        iccp.push_back(0);  // end of the name
        iccp.push_back(0);  // deflate
        iccp.insert(iccp.end(), packed.begin(), packed.begin() + std::ptrdiff_t(size));
        append_png_chunk(out, "iCCP", iccp.data(), iccp.size());
    }

    // pHYs counts pixels per metre: 11811 for 300 ppi.
    const auto ppm = static_cast<std::uint32_t>(std::lround(s.ppi / 0.0254));
    std::vector<std::uint8_t> phys;
    append_png_be32(phys, ppm);
    append_png_be32(phys, ppm);
    phys.push_back(1);  // the unit is the metre
    append_png_chunk(out, "pHYs", phys.data(), phys.size());

    for (const auto& [keyword, text] : s.png_texts) append_png_text_chunk(out, keyword, text);
    return out;
}

}  // namespace

void encode_png(const PixelBuffer& pixels, const std::string& path, const EncodeSettings& settings,
                const std::function<bool(double)>& keep_going) {
    if (pixels.width <= 0 || pixels.height <= 0 ||
        (pixels.bit_depth != 8 && pixels.bit_depth != 16) ||
        pixels.data.size() != pixels.row_bytes() * std::size_t(pixels.height)) {
        throw Error(ErrorKind::Internal, "the PNG encoder was given an inconsistent pixel buffer");
    }
    const int level = std::clamp(settings.png_compression_level, 0, 9);
    OutputFile file(path);
    file.write(header_chunks(pixels, settings));

    // Segments of about kSegmentBytes, whole rows each; groups of them between cancel checks.
    const std::size_t filtered_row = pixels.row_bytes() + 1;
    const int rows_per_segment =
        static_cast<int>(std::max<std::size_t>(1, kSegmentBytes / filtered_row));
    const int segments_per_group = static_cast<int>(
        std::max<std::size_t>(1, kGroupBytes / (std::size_t(rows_per_segment) * filtered_row)));
    const int segment_count = (pixels.height + rows_per_segment - 1) / rows_per_segment;

    const std::vector<std::uint8_t> stream_start = zlib_header(level);
    uLong adler = 1;
    for (int group = 0; group < segment_count; group += segments_per_group) {
        if (group > 0 && keep_going && !keep_going(double(group) / segment_count)) {
            throw Error(ErrorKind::Cancelled, "export cancelled");
        }
        const int count = std::min(segments_per_group, segment_count - group);
        std::vector<Segment> segments(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) {
            segments[std::size_t(i)].first_row = (group + i) * rows_per_segment;
            segments[std::size_t(i)].end_row =
                std::min(pixels.height, (group + i + 1) * rows_per_segment);
        }
        std::exception_ptr failure;
        std::mutex failure_mutex;
        // One segment per task (OIIO's default runs ranges under 1024 items on one thread).
        const OIIO::paropt one_per_task(0, OIIO::paropt::SplitDir::Y, 1);
        OIIO::parallel_for(
            0, count,
            [&](int i) {
                try {
                    compress_segment(pixels, level, group + i == segment_count - 1,
                                     segments[std::size_t(i)]);
                } catch (...) {
                    const std::lock_guard<std::mutex> lock(failure_mutex);
                    if (!failure) failure = std::current_exception();
                }
            },
            one_per_task);
        if (failure) std::rethrow_exception(failure);

        for (Segment& segment : segments) {
            adler = adler32_combine(adler, segment.adler, z_off_t(segment.filtered_bytes));
            if (segment.first_row == 0) {
                segment.deflated.insert(segment.deflated.begin(), stream_start.begin(),
                                        stream_start.end());
            }
            if (segment.end_row == pixels.height)
                append_png_be32(segment.deflated, static_cast<std::uint32_t>(adler));
            file.write_chunk("IDAT", segment.deflated.data(), segment.deflated.size());
            segment.deflated = {};
        }
    }
    std::vector<std::uint8_t> end;
    append_png_chunk(end, "IEND", nullptr, 0);
    file.write(end);
    file.close();
    if (keep_going) keep_going(1.0);
}

}  // namespace pixart::imaging
