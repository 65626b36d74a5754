// Everything the prompt panel sets for one press of Generate: what "use again" restores and what
// a dropped image's metadata fills in. One parameter set with the core: the generation itself is
// a pixart::GenerationRequest (so a field the core gains reaches the studio's jobs, metadata and
// JSON in one place), and beside it only what the studio alone knows (how seeds advance, how
// many jobs a press makes, the starting picture as a file, the model of "Refine for print").
#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <vector>

#include "api/generation_metadata.h"
#include "api/generation_request.h"
#include "settings/SeedMode.h"

namespace pixart::ui {

struct GenerationSettings {
    // The generation as the core runs it, for the press's first job: one prompt and one image
    // (a batch is several jobs, each with its own seed). request.seed is the first job's seed
    // (32 bits: the seed box's range). request.noise_batch_size/index: "use again" on an image
    // of a larger draw (the CLI's batches) — the job with exactly that seed draws it so again.
    // request.width/height: the size asked for, 0 = the model's native size. request.strength:
    // used with initImagePath. request.init_image stays null: the picture is read from its file
    // when the job runs, off the GUI thread (inference/InitImageLoader).
    pixart::GenerationRequest request;

    SeedMode seedMode = SeedMode::Random;
    int batchCount = 1;  // jobs per press, seeds seed, seed + 1, …
    // The press of Generate a job came from when it made several (its jobs share it, so the
    // gallery shows their images as one batch); "" = a job of its own.
    QString batchId;
    // Image-to-image: the starting picture (a file) and its hash once a job read it; "Refine for
    // print" first enlarges it 2x in linear light and generates at that size. "" = text-to-image.
    QString initImagePath;
    QString initImageSha256;
    bool refine = false;
    // The model folder this job runs on when it is not the loaded one (Refine for print's
    // checkpoint); "" = the loaded model.
    QString modelPath;

    // The request's text fields as Qt strings, and its seed in the studio's 32-bit range.
    QString prompt() const;
    void setPrompt(const QString& prompt);
    QString negativePrompt() const;
    void setNegativePrompt(const QString& negativePrompt);
    QString sampler() const;
    void setSampler(const QString& sampler);
    quint32 seed() const { return static_cast<quint32>(request.seed); }
    void setSeed(quint32 seed) { request.seed = seed; }

    // The core request for one job of this batch, drawing with `jobSeed` (the noise slice of a
    // larger draw only for the seed it belongs to).
    pixart::GenerationRequest toRequest(quint32 jobSeed) const;
    // The metadata of the image these settings made (seed = the seed used): `width` × `height`
    // is the image's own size, which differs from the requested one after resolution binning.
    pixart::GenerationMetadata toMetadata(const QString& modelName, int width, int height) const;
    // The settings that make the image again: seed mode Fixed, one job. Seeds above 32 bits
    // (never made by the studio) keep their low 32 bits.
    static GenerationSettings fromMetadata(const pixart::GenerationMetadata& metadata);

    // Our own complete JSON (every field needed to regenerate exactly).
    QJsonObject toJson() const;
    // Missing or ill-typed keys keep their defaults.
    static GenerationSettings fromJson(const QJsonObject& json);

    bool operator==(const GenerationSettings& other) const;
    bool operator!=(const GenerationSettings& other) const { return !(*this == other); }
};

}  // namespace pixart::ui

Q_DECLARE_METATYPE(pixart::ui::GenerationSettings)
