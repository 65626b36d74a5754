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

QString text(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

QString GenerationSettings::prompt() const {
    return request.prompts.empty() ? QString() : text(request.prompts.front());
}
void GenerationSettings::setPrompt(const QString& prompt) {
    request.prompts = {prompt.toStdString()};
}
QString GenerationSettings::negativePrompt() const { return text(request.negative_prompt); }
void GenerationSettings::setNegativePrompt(const QString& negativePrompt) {
    request.negative_prompt = negativePrompt.toStdString();
}
QString GenerationSettings::sampler() const { return text(request.sampler); }
void GenerationSettings::setSampler(const QString& sampler) {
    request.sampler = sampler.toStdString();
}

pixart::GenerationRequest GenerationSettings::toRequest(quint32 jobSeed) const {
    pixart::GenerationRequest job = request;
    if (job.prompts.empty()) job.prompts = {""};
    job.prompts.resize(1);
    job.images_per_prompt = 1;  // a batch is several jobs, so every image has its own seed
    job.seed = jobSeed;
    job.init_image = nullptr;  // attached by the job from initImagePath
    if (jobSeed != seed()) job.noise_batch_size = job.noise_batch_index = 0;
    return job;
}

pixart::GenerationMetadata GenerationSettings::toMetadata(const QString& modelName, int width,
                                                          int height) const {
    pixart::GenerationMetadata metadata =
        pixart::metadata_for(toRequest(seed()), 0, 0, modelName.toStdString());
    metadata.width = width;
    metadata.height = height;
    if (!initImagePath.isEmpty()) {
        metadata.strength = request.strength;
        metadata.init_image = initImagePath.toStdString();
        metadata.init_image_sha256 = initImageSha256.toStdString();
        if (refine) metadata.extra[kRefineKey] = kRefineValue;
    }
    return metadata;
}

GenerationSettings GenerationSettings::fromMetadata(const pixart::GenerationMetadata& metadata) {
    GenerationSettings s;
    s.request = pixart::request_from_metadata(metadata);
    s.setSeed(static_cast<quint32>(s.request.seed));
    s.seedMode = SeedMode::Fixed;
    if (metadata.strength > 0.0 && !metadata.init_image.empty()) {
        s.initImagePath = QString::fromStdString(metadata.init_image);
        s.initImageSha256 = QString::fromStdString(metadata.init_image_sha256);
        s.refine = metadata.extra.count(kRefineKey) > 0;
        // A refined image's size is twice its picture's: the job works that out again.
        if (s.refine) s.request.width = s.request.height = 0;
    }
    return s;
}

QJsonObject GenerationSettings::toJson() const {
    const pixart::GenerationRequest& r = request;
    QJsonObject json;
    json[QStringLiteral("prompt")] = prompt();
    json[QStringLiteral("negative_prompt")] = negativePrompt();
    json[QStringLiteral("steps")] = r.steps;
    json[QStringLiteral("guidance_scale")] = r.guidance_scale;
    json[QStringLiteral("sampler")] = sampler();
    json[QStringLiteral("width")] = r.width;
    json[QStringLiteral("height")] = r.height;
    // A double holds every 32-bit seed exactly.
    json[QStringLiteral("seed")] = static_cast<double>(seed());
    json[QStringLiteral("seed_mode")] = seedModeName(seedMode);
    json[QStringLiteral("batch_count")] = batchCount;
    if (!batchId.isEmpty()) json[QStringLiteral("batch_id")] = batchId;
    if (r.noise_batch_size > 0) {
        json[QStringLiteral("noise_batch_size")] = r.noise_batch_size;
        json[QStringLiteral("noise_batch_index")] = r.noise_batch_index;
    }
    if (!initImagePath.isEmpty()) {
        json[QStringLiteral("init_image")] = initImagePath;
        json[QStringLiteral("init_image_sha256")] = initImageSha256;
        json[QStringLiteral("strength")] = r.strength;
        json[QStringLiteral("refine")] = refine;
    }
    if (!modelPath.isEmpty()) json[QStringLiteral("model_path")] = modelPath;
    json[QStringLiteral("resolution_binning")] = r.resolution_binning;
    json[QStringLiteral("clean_caption")] = r.clean_caption;
    json[QStringLiteral("max_sequence_length")] = r.max_sequence_length;
    if (!r.loras.empty()) {
        QJsonArray list;
        for (const auto& lora : r.loras) {
            QJsonObject item;
            item[QStringLiteral("file")] = text(lora.path);
            item[QStringLiteral("strength")] = lora.strength;
            item[QStringLiteral("sha256")] = text(lora.sha256);
            list.append(item);
        }
        json[QStringLiteral("loras")] = list;
    }
    return json;
}

GenerationSettings GenerationSettings::fromJson(const QJsonObject& json) {
    GenerationSettings s;
    pixart::GenerationRequest& r = s.request;
    s.setPrompt(json.value(QStringLiteral("prompt")).toString(s.prompt()));
    s.setNegativePrompt(json.value(QStringLiteral("negative_prompt")).toString());
    r.steps = json.value(QStringLiteral("steps")).toInt(r.steps);
    r.guidance_scale = json.value(QStringLiteral("guidance_scale")).toDouble(r.guidance_scale);
    s.setSampler(json.value(QStringLiteral("sampler")).toString(s.sampler()));
    r.width = json.value(QStringLiteral("width")).toInt(r.width);
    r.height = json.value(QStringLiteral("height")).toInt(r.height);
    const double seed = json.value(QStringLiteral("seed")).toDouble(-1.0);
    if (seed >= 0.0 && seed <= 4294967295.0) s.setSeed(static_cast<quint32>(seed));
    if (json.contains(QStringLiteral("seed_mode")))
        s.seedMode = seedModeFromName(json.value(QStringLiteral("seed_mode")).toString());
    s.batchCount = json.value(QStringLiteral("batch_count")).toInt(s.batchCount);
    s.batchId = json.value(QStringLiteral("batch_id")).toString();
    r.noise_batch_size = json.value(QStringLiteral("noise_batch_size")).toInt(0);
    r.noise_batch_index = json.value(QStringLiteral("noise_batch_index")).toInt(0);
    s.initImagePath = json.value(QStringLiteral("init_image")).toString();
    s.initImageSha256 = json.value(QStringLiteral("init_image_sha256")).toString();
    r.strength = json.value(QStringLiteral("strength")).toDouble(r.strength);
    s.refine = json.value(QStringLiteral("refine")).toBool(false);
    s.modelPath = json.value(QStringLiteral("model_path")).toString();
    r.resolution_binning = json.value(QStringLiteral("resolution_binning")).toBool(true);
    r.clean_caption = json.value(QStringLiteral("clean_caption")).toBool(false);
    r.max_sequence_length = json.value(QStringLiteral("max_sequence_length")).toInt(300);
    for (const QJsonValue& value : json.value(QStringLiteral("loras")).toArray()) {
        const QJsonObject item = value.toObject();
        pixart::LoraSpec lora;
        lora.path = item.value(QStringLiteral("file")).toString().toStdString();
        lora.strength = item.value(QStringLiteral("strength")).toDouble(1.0);
        lora.sha256 = item.value(QStringLiteral("sha256")).toString().toStdString();
        if (!lora.path.empty()) r.loras.push_back(lora);
    }
    return s;
}

bool GenerationSettings::operator==(const GenerationSettings& o) const {
    const pixart::GenerationRequest& a = request;
    const pixart::GenerationRequest& b = o.request;
    return a.prompts == b.prompts && a.negative_prompt == b.negative_prompt && a.seed == b.seed &&
           a.steps == b.steps && a.guidance_scale == b.guidance_scale && a.width == b.width &&
           a.height == b.height && a.resolution_binning == b.resolution_binning &&
           a.images_per_prompt == b.images_per_prompt && a.clean_caption == b.clean_caption &&
           a.max_sequence_length == b.max_sequence_length && a.sampler == b.sampler &&
           a.noise_batch_size == b.noise_batch_size && a.noise_batch_index == b.noise_batch_index &&
           a.init_image == b.init_image && a.strength == b.strength &&
           sameLoras(a.loras, b.loras) && seedMode == o.seedMode && batchCount == o.batchCount &&
           batchId == o.batchId && initImagePath == o.initImagePath &&
           initImageSha256 == o.initImageSha256 && refine == o.refine && modelPath == o.modelPath;
}

}  // namespace pixart::ui
