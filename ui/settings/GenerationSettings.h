// Everything the prompt panel sets for one press of Generate: what "use again" restores and what
// a dropped image's metadata fills in. Converted to a core GenerationRequest per job, and to and
// from the core's GenerationMetadata (what image files and the history keep) with its functions.
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
    QString prompt;
    QString negativePrompt;
    int steps = 20;  // diffusers PixArtSigmaPipeline defaults
    double guidance = 4.5;
    QString sampler = QStringLiteral("dpm++2m");
    int width = 0;  // requested size; 0 = the model's native size
    int height = 0;
    quint32 seed = 0;
    SeedMode seedMode = SeedMode::Random;
    int batchCount = 1;  // jobs per press, seeds seed, seed + 1, …
    // The press of Generate a job came from when it made several (its jobs share it, so the
    // gallery shows their images as one batch); "" = a job of its own.
    QString batchId;
    // "Use again" on an image of a larger batch (the CLI's batches): its noise was image
    // noiseBatchIndex of a draw of noiseBatchSize, and the job with exactly `seed` draws it so
    // again (GenerationRequest::noise_batch_size). 0 = an ordinary one-image draw.
    int noiseBatchSize = 0;
    int noiseBatchIndex = 0;
    // Image-to-image: the starting picture (a file, read when the job runs, off the GUI thread)
    // and the strength; "Refine for print" first enlarges it 2x in linear light and generates
    // at that size. An empty path = text-to-image.
    QString initImagePath;
    QString initImageSha256;  // of the file the job read (metadata); "" before it ran
    double strength = 0.8;
    bool refine = false;
    // The model folder this job runs on when it is not the loaded one (Refine for print's
    // checkpoint); "" = the loaded model.
    QString modelPath;
    // LoRAs merged into the transformer (the LoRA panel's enabled ones).
    std::vector<pixart::LoraSpec> loras;
    // The text and size handling of the request (no controls of their own: an image made with
    // other values, by the CLI or a script, keeps them through "use again").
    bool resolutionBinning = true;
    bool cleanCaption = false;
    int maxSequenceLength = 300;

    // The core request for one job of this batch, drawing with `jobSeed`.
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
