// Core images (float RGB, 8-bit previews) to QImage and back. Free functions: no state.
#pragma once

#include <QImage>

#include "api/image.h"

namespace pixart::ui {

QImage toQImage(const pixart::Image& image);         // rounds 0..1 to 8 bits, clamping
QImage toQImage(const pixart::PreviewImage& image);  // copies the 8-bit pixels
// 16 bits per channel (Format_RGBX64): what the library stores, so nothing is lost to 8 bits.
QImage toQImage16(const pixart::Image& image);
pixart::Image fromQImage(const QImage& image);  // 8-bit → float 0..1 (tests, imports)

}  // namespace pixart::ui
