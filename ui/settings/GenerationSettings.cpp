#include "settings/GenerationSettings.h"

#include <QJsonArray>

namespace pixart::ui {

namespace {

bool sameLoras(const std::vector<pixart::LoraSpec>& a, const std::vector<pixart::LoraSpec>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].path != b[i].path || a[i].strength != b[i].strength || a[i].sha256 != b[i].sha256)
            return false;
    }
    return true;
}

// How a refined image's metadata says what was done to its picture before image-to-image.
const char* const kRefineKey = "Refine";
const char* const kRefineValue = "2x Lanczos in linear light, then image-to-image";
}  // namespace

pixart::GenerationRequest GenerationSettings::toRequest(quint32 jobSeed) const {
    pixart::GenerationRequest request;
    request.prompts = {prompt.toStdString()};
    request.negative_prompt = negativePrompt.toStdString();
    request.seed = jobSeed;
    request.steps = steps;
    request.guidance_scale = guidance;
    request.sampler = sampler.toStdString();
    request.width = width;
    request.height = height;
    request.strength = strength;  // used with the init image the worker attaches
    request.loras = loras;
    request.resolution_binning = resolutionBinning;
    request.clean_caption = cleanCaption;
    request.max_sequence_length = maxSequenceLength;
    request.images_per_prompt = 1;  // a batch is several jobs, so every image has its own seed
    if (noiseBatchSize > 0 && jobSeed == seed) {
        request.noise_batch_size = noiseBatchSize;
        request.noise_batch_index = noiseBatchIndex;
    }
    return request;
}

pixart::GenerationMetadata GenerationSettings::toMetadata(const QString& modelName, int width,
                                                          int height) const {
    pixart::GenerationMetadata metadata =
        pixart::metadata_for(toRequest(seed), 0, 0, modelName.toStdString());
    metadata.width = width;
    metadata.height = height;
    if (!initImagePath.isEmpty()) {
        metadata.strength = strength;
        metadata.init_image = initImagePath.toStdString();
        metadata.init_image_sha256 = initImageSha256.toStdString();
        if (refine) metadata.extra[kRefineKey] = kRefineValue;
    }
    return metadata;
}

GenerationSettings GenerationSettings::fromMetadata(const pixart::GenerationMetadata& metadata) {
    const pixart::GenerationRequest request = pixart::request_from_metadata(metadata);
    GenerationSettings s;
    s.prompt = QString::fromStdString(request.prompts.front());
    s.negativePrompt = QString::fromStdString(request.negative_prompt);
    s.seed = static_cast<quint32>(request.seed);
    s.steps = request.steps;
    s.guidance = request.guidance_scale;
    s.sampler = QString::fromStdString(request.sampler);
    s.width = request.width;
    s.height = request.height;
    s.seedMode = SeedMode::Fixed;
    s.noiseBatchSize = request.noise_batch_size;
    s.noiseBatchIndex = request.noise_batch_index;
    s.loras = request.loras;
    s.resolutionBinning = request.resolution_binning;
    s.cleanCaption = request.clean_caption;
    s.maxSequenceLength = request.max_sequence_length;
    if (metadata.strength > 0.0 && !metadata.init_image.empty()) {
        s.initImagePath = QString::fromStdString(metadata.init_image);
        s.initImageSha256 = QString::fromStdString(metadata.init_image_sha256);
        s.strength = request.strength;
        s.refine = metadata.extra.count(kRefineKey) > 0;
        // A refined image's size is twice its picture's: the job works that out again.
        if (s.refine) s.width = s.height = 0;
    }
    return s;
}

QJsonObject GenerationSettings::toJson() const {
    QJsonObject json;
    json[QStringLiteral("prompt")] = prompt;
    json[QStringLiteral("negative_prompt")] = negativePrompt;
    json[QStringLiteral("steps")] = steps;
    json[QStringLiteral("guidance_scale")] = guidance;
    json[QStringLiteral("sampler")] = sampler;
    json[QStringLiteral("width")] = width;
    json[QStringLiteral("height")] = height;
    // A double holds every 32-bit seed exactly.
    json[QStringLiteral("seed")] = static_cast<double>(seed);
    json[QStringLiteral("seed_mode")] = seedModeName(seedMode);
    json[QStringLiteral("batch_count")] = batchCount;
    if (!batchId.isEmpty()) json[QStringLiteral("batch_id")] = batchId;
    if (noiseBatchSize > 0) {
        json[QStringLiteral("noise_batch_size")] = noiseBatchSize;
        json[QStringLiteral("noise_batch_index")] = noiseBatchIndex;
    }
    if (!initImagePath.isEmpty()) {
        json[QStringLiteral("init_image")] = initImagePath;
        json[QStringLiteral("init_image_sha256")] = initImageSha256;
        json[QStringLiteral("strength")] = strength;
        json[QStringLiteral("refine")] = refine;
    }
    if (!modelPath.isEmpty()) json[QStringLiteral("model_path")] = modelPath;
    json[QStringLiteral("resolution_binning")] = resolutionBinning;
    json[QStringLiteral("clean_caption")] = cleanCaption;
    json[QStringLiteral("max_sequence_length")] = maxSequenceLength;
    if (!loras.empty()) {
        QJsonArray list;
        for (const auto& lora : loras) {
            QJsonObject item;
            item[QStringLiteral("file")] = QString::fromStdString(lora.path);
            item[QStringLiteral("strength")] = lora.strength;
            item[QStringLiteral("sha256")] = QString::fromStdString(lora.sha256);
            list.append(item);
        }
        json[QStringLiteral("loras")] = list;
    }
    return json;
}

GenerationSettings GenerationSettings::fromJson(const QJsonObject& json) {
    GenerationSettings s;
    s.prompt = json.value(QStringLiteral("prompt")).toString(s.prompt);
    s.negativePrompt = json.value(QStringLiteral("negative_prompt")).toString(s.negativePrompt);
    s.steps = json.value(QStringLiteral("steps")).toInt(s.steps);
    s.guidance = json.value(QStringLiteral("guidance_scale")).toDouble(s.guidance);
    s.sampler = json.value(QStringLiteral("sampler")).toString(s.sampler);
    s.width = json.value(QStringLiteral("width")).toInt(s.width);
    s.height = json.value(QStringLiteral("height")).toInt(s.height);
    const double seed = json.value(QStringLiteral("seed")).toDouble(-1.0);
    if (seed >= 0.0 && seed <= 4294967295.0) s.seed = static_cast<quint32>(seed);
    if (json.contains(QStringLiteral("seed_mode")))
        s.seedMode = seedModeFromName(json.value(QStringLiteral("seed_mode")).toString());
    s.batchCount = json.value(QStringLiteral("batch_count")).toInt(s.batchCount);
    s.batchId = json.value(QStringLiteral("batch_id")).toString();
    s.noiseBatchSize = json.value(QStringLiteral("noise_batch_size")).toInt(0);
    s.noiseBatchIndex = json.value(QStringLiteral("noise_batch_index")).toInt(0);
    s.initImagePath = json.value(QStringLiteral("init_image")).toString();
    s.initImageSha256 = json.value(QStringLiteral("init_image_sha256")).toString();
    s.strength = json.value(QStringLiteral("strength")).toDouble(s.strength);
    s.refine = json.value(QStringLiteral("refine")).toBool(false);
    s.modelPath = json.value(QStringLiteral("model_path")).toString();
    s.resolutionBinning = json.value(QStringLiteral("resolution_binning")).toBool(true);
    s.cleanCaption = json.value(QStringLiteral("clean_caption")).toBool(false);
    s.maxSequenceLength = json.value(QStringLiteral("max_sequence_length")).toInt(300);
    for (const QJsonValue& value : json.value(QStringLiteral("loras")).toArray()) {
        const QJsonObject item = value.toObject();
        pixart::LoraSpec lora;
        lora.path = item.value(QStringLiteral("file")).toString().toStdString();
        lora.strength = item.value(QStringLiteral("strength")).toDouble(1.0);
        lora.sha256 = item.value(QStringLiteral("sha256")).toString().toStdString();
        if (!lora.path.empty()) s.loras.push_back(lora);
    }
    return s;
}

bool GenerationSettings::operator==(const GenerationSettings& o) const {
    return prompt == o.prompt && negativePrompt == o.negativePrompt && steps == o.steps &&
           guidance == o.guidance && sampler == o.sampler && width == o.width &&
           height == o.height && seed == o.seed && seedMode == o.seedMode &&
           batchCount == o.batchCount && batchId == o.batchId &&
           noiseBatchSize == o.noiseBatchSize && noiseBatchIndex == o.noiseBatchIndex &&
           initImagePath == o.initImagePath && initImageSha256 == o.initImageSha256 &&
           strength == o.strength && refine == o.refine && modelPath == o.modelPath &&
           sameLoras(loras, o.loras) && resolutionBinning == o.resolutionBinning &&
           cleanCaption == o.cleanCaption && maxSequenceLength == o.maxSequenceLength;
}

}  // namespace pixart::ui
