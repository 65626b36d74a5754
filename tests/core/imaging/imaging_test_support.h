// Test images and profiles made in code (the repository ships no binary fixtures).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/image.h"

namespace pixart::test {

// Smooth float gradients: R along x, G along y, B along the diagonal (no two rows alike).
Image make_gradient_image(int width, int height);

// A solid colour.
Image make_solid_image(int width, int height, float r, float g, float b);

// A small CMYK output profile built with LittleCMS: Lab PCS, CLUTs both ways through sRGB with a
// naive full-GCR separation. Good enough to prove a real conversion happened; not for printing.
std::vector<std::uint8_t> make_test_cmyk_profile();

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes);
std::vector<std::uint8_t> read_bytes(const std::string& path);

// stdout of `tiffinfo path`, or "" when libtiff-tools is not installed.
std::string tiffinfo(const std::string& path);

}  // namespace pixart::test
