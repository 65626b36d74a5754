// Settings round trip through QSettings, GenerationSettings JSON, and (with the core's metadata
// functions) A1111 `parameters` text and our JSON.
#include <QImage>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/generation_metadata.h"
#include "image_library/ImageMetadataReader.h"
#include "settings/StudioSettings.h"

using namespace pixart::ui;

class TestStudioSettings : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void defaultsWhenEmpty() {
        QTemporaryDir dir;
        QSettings store(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        const StudioSettings s = StudioSettings::load(store);
        QVERIFY(s.modelPath.isEmpty());  // → first-run screen
        QCOMPARE(s.outputFolder, StudioSettings::defaultOutputFolder());
        QCOMPARE(s.device, QStringLiteral("cpu"));
        QCOMPARE(s.threads, 0);
        QVERIFY(s.releaseTextEncoder);
        QCOMPARE(s.textEncoderMode, QStringLiteral("auto"));
        QCOMPARE(s.engineOptions().text_encoder_mode, pixart::TextEncoderMode::Auto);
        QCOMPARE(s.previewInterval, 1);
        QCOMPARE(s.theme, Theme::System);
        GenerationSettings expected;
        expected.setSeed(s.lastGeneration.seed());
        QCOMPARE(s.lastGeneration, expected);
        // First start in Random mode shows the random seed the first press uses, not 0
        // (issue 15, item 12); two draws are both 0 once in 2^64.
        QVERIFY(s.lastGeneration.seed() != 0 ||
                StudioSettings::load(store).lastGeneration.seed() != 0);
        QCOMPARE(s.lastGeneration.request.steps, 20);
        QCOMPARE(s.lastGeneration.request.guidance_scale, 4.5);
    }

    // "Use again" restores every field the metadata holds (issue 15): a request with every field
    // away from its default goes to metadata (as image files and the history keep it), back to
    // studio settings, and to the job's request again; each field is compared on its own.
    void useAgainRestoresEveryFieldOfTheMetadata() {
        pixart::GenerationRequest made;
        made.prompts = {"first prompt", "a snowy owl at night"};
        made.negative_prompt = "blurry";
        made.seed = 3000000001u;
        made.steps = 37;
        made.guidance_scale = 6.25;
        made.width = 1216;
        made.height = 832;
        made.resolution_binning = false;
        made.images_per_prompt = 3;
        made.clean_caption = true;
        made.max_sequence_length = 120;
        made.sampler = "euler_a";
        made.strength = 0.45;
        made.loras = {{"/loras/ink.safetensors", -0.5, "ab12"},
                      {"/loras/film.safetensors", 1.25, ""}};
        auto picture = std::make_shared<pixart::InitImage>();
        picture->path = "/pictures/owl.png";
        picture->sha256 = "ffee";
        made.init_image = picture;
        // Image 5 of the batch: prompt 1, image 2.
        pixart::GenerationMetadata metadata = pixart::metadata_for(made, 1, 2, "tiny");
        metadata.width = 1216;
        metadata.height = 832;
        const pixart::GenerationRequest expected = pixart::request_from_metadata(metadata);

        const GenerationSettings settings = GenerationSettings::fromMetadata(metadata);
        const pixart::GenerationRequest again = settings.toRequest(settings.seed());
        QCOMPARE(again.prompts, std::vector<std::string>{"a snowy owl at night"});
        QCOMPARE(again.negative_prompt, expected.negative_prompt);
        QCOMPARE(again.seed, expected.seed);
        QCOMPARE(again.steps, 37);
        QCOMPARE(again.guidance_scale, 6.25);
        QCOMPARE(again.width, 1216);
        QCOMPARE(again.height, 832);
        QCOMPARE(again.resolution_binning, false);
        QCOMPARE(again.images_per_prompt, 1);
        QCOMPARE(again.clean_caption, true);
        QCOMPARE(again.max_sequence_length, 120);
        QCOMPARE(again.sampler, std::string("euler_a"));
        QCOMPARE(again.noise_batch_size, 6);   // its batch's draw …
        QCOMPARE(again.noise_batch_index, 5);  // … sliced at its place
        QCOMPARE(again.strength, 0.45);
        QCOMPARE(settings.initImagePath, QStringLiteral("/pictures/owl.png"));
        QCOMPARE(settings.initImageSha256, QStringLiteral("ffee"));
        QCOMPARE(again.loras.size(), std::size_t{2});
        for (std::size_t i = 0; i < 2; ++i) {
            QCOMPARE(again.loras[i].path, expected.loras[i].path);
            QCOMPARE(again.loras[i].strength, expected.loras[i].strength);
            QCOMPARE(again.loras[i].sha256, expected.loras[i].sha256);
        }
        // And through the saved JSON (the studio's last settings, the history's extra JSON).
        QCOMPARE(GenerationSettings::fromJson(settings.toJson()), settings);
    }

    void roundTrip() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ini"));
        StudioSettings s;
        s.modelPath = QStringLiteral("/models/PixArt-Sigma-XL-2-1024-MS");
        s.outputFolder = QStringLiteral("/tmp/out");
        s.device = QStringLiteral("cuda");
        s.threads = 6;
        s.releaseTextEncoder = false;
        s.textEncoderMode = QStringLiteral("streamed");
        s.previewInterval = 3;
        s.theme = Theme::Dark;
        s.lastGeneration.setPrompt(QStringLiteral("a cat, \"quoted\"\nsecond line"));
        s.lastGeneration.setNegativePrompt(QStringLiteral("blurry"));
        s.lastGeneration.request.steps = 14;
        s.lastGeneration.request.guidance_scale = 3.25;
        s.lastGeneration.setSeed(4294967295u);
        s.lastGeneration.seedMode = SeedMode::Increment;
        s.lastGeneration.batchCount = 4;
        s.lastGeneration.request.width = 1344;
        s.lastGeneration.request.height = 768;
        s.windowGeometry = QByteArray("\x01\x02geometry", 10);
        s.windowState = QByteArray("state\x00\xff", 7);
        {
            QSettings store(path, QSettings::IniFormat);
            s.save(store);
        }
        QSettings store(path, QSettings::IniFormat);
        const StudioSettings loaded = StudioSettings::load(store);
        QCOMPARE(loaded.lastGeneration, s.lastGeneration);
        QVERIFY(loaded == s);
        const auto options = loaded.engineOptions();
        QCOMPARE(options.device, std::string("cuda"));
        QCOMPARE(options.threads, 6);
        QCOMPARE(options.release_text_encoder, false);
        QCOMPARE(options.text_encoder_mode, pixart::TextEncoderMode::Streamed);
        QCOMPARE(options.preview_interval, 3);
    }

    void negativeValuesAreClamped() {
        QTemporaryDir dir;
        QSettings store(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        store.setValue(QStringLiteral("engine/threads"), -4);
        store.setValue(QStringLiteral("engine/previewInterval"), -1);
        store.setValue(QStringLiteral("ui/theme"), QStringLiteral("purple"));
        store.setValue(QStringLiteral("generation/last"), QByteArray("{not json"));
        const StudioSettings s = StudioSettings::load(store);
        QCOMPARE(s.threads, 0);
        QCOMPARE(s.previewInterval, 0);
        QCOMPARE(s.theme, Theme::System);
        QCOMPARE(s.lastGeneration, GenerationSettings{});
    }

    void requestFromSettings() {
        GenerationSettings g;
        g.setPrompt(QStringLiteral("a small cactus"));
        g.setNegativePrompt(QStringLiteral("low quality"));
        g.request.steps = 14;
        g.request.guidance_scale = 2.0;
        g.request.width = 512;
        g.request.height = 768;
        const auto r = g.toRequest(4000000000u);
        QCOMPARE(r.prompts.size(), size_t(1));
        QCOMPARE(r.prompts[0], std::string("a small cactus"));
        QCOMPARE(r.negative_prompt, std::string("low quality"));
        QCOMPARE(r.seed, std::uint64_t(4000000000u));
        QCOMPARE(r.steps, 14);
        QCOMPARE(r.guidance_scale, 2.0);
        QCOMPARE(r.width, 512);
        QCOMPARE(r.height, 768);
        QCOMPARE(r.images_per_prompt, 1);
        QCOMPARE(r.sampler, std::string("dpm++2m"));
    }

    // GenerationSettings ↔ the core's A1111 `parameters` text (api/generation_metadata.h).
    static QString a1111(const GenerationSettings& g, const QSize& size, const QString& model) {
        return QString::fromStdString(
            pixart::to_a1111_parameters(g.toMetadata(model, size.width(), size.height())));
    }
    static std::optional<GenerationSettings> parseA1111(const QString& text) {
        const auto metadata = pixart::parse_a1111_parameters(text.toStdString());
        if (!metadata) return std::nullopt;
        return GenerationSettings::fromMetadata(*metadata);
    }
    static std::optional<GenerationSettings> fromFields(const QString& ourJson,
                                                        const QString& parameters) {
        std::map<std::string, std::string> fields;
        if (!ourJson.isEmpty()) fields[pixart::kPixArtMetadataKey] = ourJson.toStdString();
        if (!parameters.isEmpty()) fields[pixart::kA1111ParametersKey] = parameters.toStdString();
        const auto metadata = pixart::metadata_from_text_fields(fields);
        if (!metadata) return std::nullopt;
        return GenerationSettings::fromMetadata(*metadata);
    }

    void a1111Format() {
        GenerationSettings g;
        g.setPrompt(QStringLiteral("a cactus"));
        g.setSeed(42);
        const QString text =
            a1111(g, QSize(1024, 1024), QStringLiteral("PixArt-Sigma-XL-2-1024-MS"));
        QCOMPARE(text, QStringLiteral("a cactus\nSteps: 20, Sampler: DPM++ 2M, CFG scale: 4.5, "
                                      "Seed: 42, Size: 1024x1024, Model: "
                                      "PixArt-Sigma-XL-2-1024-MS, RNG: CPU"));
        g.setNegativePrompt(QStringLiteral("ugly"));
        QVERIFY(a1111(g, QSize(8, 8), {}).contains(QStringLiteral("\nNegative prompt: ugly\n")));
    }

    void a1111RoundTrip() {
        GenerationSettings g;
        g.setPrompt(QStringLiteral("line one\nline two, with: punctuation"));
        g.setNegativePrompt(QStringLiteral("blurry\nwatermark"));
        g.request.steps = 14;
        g.request.guidance_scale = 3.5;
        g.setSeed(4294967295u);
        g.request.width = 1216;
        g.request.height = 832;
        const QString text = a1111(g, QSize(1216, 832), QStringLiteral("a, b: c"));
        const auto parsed = parseA1111(text);
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->prompt(), g.prompt());
        QCOMPARE(parsed->negativePrompt(), g.negativePrompt());
        QCOMPARE(parsed->request.steps, 14);
        QCOMPARE(parsed->request.guidance_scale, 3.5);
        QCOMPARE(parsed->seed(), 4294967295u);
        QCOMPARE(parsed->request.width, 1216);
        QCOMPARE(parsed->request.height, 832);
        QCOMPARE(parsed->sampler(), QStringLiteral("dpm++2m"));
        QCOMPARE(parsed->seedMode, SeedMode::Fixed);
    }

    void a1111ForeignText() {
        // As A1111 itself writes it (extra keys, a quoted value).
        const QString text = QStringLiteral(
            "masterpiece, a lighthouse at dusk\nNegative prompt: lowres\nSteps: 30, Sampler: "
            "Euler a, Schedule type: Karras, CFG scale: 7, Seed: 1234567890, Size: 768x512, "
            "Model hash: abc123, Lora hashes: \"x: 1, y: 2\", Version: v1.9.0");
        const auto parsed = parseA1111(text);
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->prompt(), QStringLiteral("masterpiece, a lighthouse at dusk"));
        QCOMPARE(parsed->negativePrompt(), QStringLiteral("lowres"));
        QCOMPARE(parsed->request.steps, 30);
        QCOMPARE(parsed->request.guidance_scale, 7.0);
        QCOMPARE(parsed->seed(), 1234567890u);
        QCOMPARE(parsed->request.width, 768);
        QCOMPARE(parsed->sampler(), QStringLiteral("euler_a"));  // the core's sampler id
        const auto metadata = pixart::parse_a1111_parameters(text.toStdString());
        QCOMPARE(metadata->extra.at("Lora hashes"), std::string("x: 1, y: 2"));
    }

    void notParameters_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("plain prompt") << QStringLiteral("just a prompt, nothing else");
        QTest::newRow("two pairs") << QStringLiteral("p\nSteps: 20, Seed: 1");
        QTest::newRow("no steps") << QStringLiteral("p\nA: 1, B: 2, C: 3");
    }
    void notParameters() {
        QFETCH(QString, text);
        QVERIFY(!parseA1111(text).has_value());
    }

    void ourJsonWinsOverParameters() {
        GenerationSettings g;
        g.setPrompt(QStringLiteral("from json"));
        g.setSeed(99);
        g.request.steps = 7;
        const QString json = QString::fromStdString(pixart::to_json(g.toMetadata({}, 8, 8)));
        const auto fromOurs =
            fromFields(json, QStringLiteral("other\nSteps: 20, Seed: 1, Size: 8x8"));
        QVERIFY(fromOurs.has_value());
        QCOMPARE(fromOurs->prompt(), QStringLiteral("from json"));
        QCOMPARE(fromOurs->seed(), 99u);
        QCOMPARE(fromOurs->request.steps, 7);
        QCOMPARE(fromOurs->seedMode, SeedMode::Fixed);
        const auto fromA1111 =
            fromFields({}, QStringLiteral("other\nSteps: 20, Seed: 1, Size: 8x8"));
        QVERIFY(fromA1111.has_value());
        QCOMPARE(fromA1111->prompt(), QStringLiteral("other"));
        QVERIFY(!fromFields({}, {}).has_value());
    }

    void pngMetadataRoundTrip() {
        // What a dropped PNG restores: a `parameters` chunk as other tools write it.
        QTemporaryDir dir;
        GenerationSettings g;
        g.setPrompt(QStringLiteral("a png with settings"));
        g.setSeed(3000000000u);
        g.request.steps = 9;
        QImage image(16, 16, QImage::Format_RGB888);
        image.fill(Qt::red);
        image.setText(QStringLiteral("parameters"), a1111(g, image.size(), {}));
        const QString path = dir.filePath(QStringLiteral("a.png"));
        QVERIFY(image.save(path));
        const auto read = ImageMetadataReader::read(path);
        QVERIFY(read.has_value());
        QCOMPARE(read->prompt(), g.prompt());
        QCOMPARE(read->seed(), 3000000000u);
        QCOMPARE(read->request.steps, 9);
        QVERIFY(
            !ImageMetadataReader::read(dir.filePath(QStringLiteral("missing.png"))).has_value());
    }
};

QTEST_MAIN(TestStudioSettings)
#include "test_studio_settings.moc"
