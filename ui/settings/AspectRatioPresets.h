// The size presets the studio offers: the loaded checkpoint's aspect-ratio bins (exact pixel
// sizes, diffusers' order), with readable labels, and where an off-bin size will really run.
#pragma once

#include <QList>
#include <QSize>
#include <QString>
#include <vector>

#include "api/aspect_ratios.h"

namespace pixart::ui {

class AspectRatioPresets {
  public:
    struct Preset {
        QSize size;     // width × height in pixels, exactly the bin
        QString ratio;  // the bin's key (height / width), e.g. "0.57"
        QString label;  // e.g. "16:9  1344 × 768"
    };

    AspectRatioPresets() = default;
    // sample_size and bins from the loaded ModelInfo.
    AspectRatioPresets(int sampleSize, const std::vector<pixart::AspectRatioBin>& bins);

    bool isEmpty() const { return presets_.isEmpty(); }
    int sampleSize() const { return sampleSize_; }
    const QList<Preset>& presets() const { return presets_; }

    int indexOf(const QSize& size) const;  // -1 when the size is not a bin
    // The native square bin (sample_size * 8), or -1.
    int nativeIndex() const;
    // The bin a requested size generates at (diffusers classify_height_width_bin).
    QSize binFor(const QSize& requested) const;
    // The preset with width and height exchanged, or the nearest one when the table has no
    // exact mirror (the tables are not perfectly symmetric).
    int swappedIndex(int index) const;

    // "16:9" when the size is within 2 % of a familiar ratio, else "1.46:1" / "1:1.46".
    static QString ratioName(const QSize& size);

    // The ratios people ask for, each mapped to this checkpoint's nearest bin, in one
    // orientation (landscape, or portrait; the square in both): 1:1, 3:2, 4:3, 5:4, 16:9, 21:9
    // and the A paper series (√2:1). Two ratios that land on the same bin are listed once.
    struct Named {
        QString name;    // "16:9", "A paper (√2:1)"
        int index = -1;  // the preset (bin) it maps to
        QString label;   // "16:9  1344 × 768": the exact pixel size it generates at
    };
    QList<Named> named(bool portrait) const;

  private:
    int sampleSize_ = 0;
    QList<Preset> presets_;
};

}  // namespace pixart::ui
