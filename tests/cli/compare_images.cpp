// compare_images A B [MAX_DIFFERENCE]: reads two images (any format the core reads, as float
// sRGB) and prints their largest per-value difference; exits 0 when the sizes match and the
// difference is at most MAX_DIFFERENCE (default 0: identical pixels), 1 otherwise.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "api/image_export.h"

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: compare_images A B [MAX_DIFFERENCE]\n");
        return 2;
    }
    try {
        const pixart::Image a = pixart::read_image(argv[1]);
        const pixart::Image b = pixart::read_image(argv[2]);
        if (a.width != b.width || a.height != b.height) {
            std::printf("sizes differ: %dx%d vs %dx%d\n", a.width, a.height, b.width, b.height);
            return 1;
        }
        double largest = 0.0;
        for (std::size_t i = 0; i < a.pixels.size(); ++i)
            largest = std::fmax(largest, std::fabs(double(a.pixels[i]) - double(b.pixels[i])));
        const double allowed = argc == 4 ? std::atof(argv[3]) : 0.0;
        std::printf("%dx%d, max difference %.9g (allowed %.9g)\n", a.width, a.height, largest,
                    allowed);
        return largest <= allowed ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "compare_images: %s\n", e.what());
        return 2;
    }
}
