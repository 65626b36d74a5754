// Prompt panel: Ctrl+Enter queues, Esc cancels, settings round trip, and the live token counter
// (N / 300 from Engine::count_tokens on the tiny model, a warning past 300).
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>
#include <QToolButton>

#include <optional>

#include "UiTestSupport.h"
#include "api/errors.h"
#include "api/model_info.h"
#include "api/prompt_tokenizer.h"
#include "panels/PromptPanel.h"
#include "widgets/InitImageRow.h"
#include "widgets/SizeSelector.h"
#include "widgets/TokenCounter.h"

using namespace pixart::ui;

class TestPromptPanel : public QObject {
    Q_OBJECT

  private:
    static void activate(QWidget& w) {
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
    }

  private Q_SLOTS:
    // Settings without controls of their own (an image made by the CLI with other text or size
    // handling) survive the panel: applied, shown in a note, and in the next press's settings.
    void keepsTextAndSizeHandlingItHasNoControlsFor() {
        PromptPanel panel;
        GenerationSettings s;
        s.setPrompt(QStringLiteral("an owl"));
        s.request.resolution_binning = false;
        s.request.clean_caption = true;
        s.request.max_sequence_length = 120;
        panel.applySettings(s);
        const GenerationSettings back = panel.settings();
        QCOMPARE(back.request.resolution_binning, false);
        QCOMPARE(back.request.clean_caption, true);
        QCOMPARE(back.request.max_sequence_length, 120);
        const auto* note = panel.findChild<QLabel*>(QStringLiteral("textAndSizeNote"));
        QVERIFY(note);
        QVERIFY(!note->isHidden());
        QVERIFY(note->text().contains(QStringLiteral("120")));
        panel.applySettings(GenerationSettings{});  // defaults again: no note
        QVERIFY(note->isHidden());
        QCOMPARE(panel.settings().request.max_sequence_length, 300);
    }

    void ctrlEnterGeneratesEscCancels() {
        PromptPanel panel;
        activate(panel);
        QSignalSpy generate(&panel, &PromptPanel::generateRequested);
        QSignalSpy cancel(&panel, &PromptPanel::cancelRequested);
        panel.promptEdit()->setFocus();
        QTest::keyClicks(panel.promptEdit(), QStringLiteral("a cat"));
        QTest::keyClick(panel.promptEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(generate.count(), 1);
        QTest::keyClick(panel.promptEdit(), Qt::Key_Enter,
                        Qt::ControlModifier | Qt::KeypadModifier);
        QCOMPARE(generate.count(), 2);
        // Ctrl+Enter must not have typed a newline into the prompt.
        QCOMPARE(panel.promptEdit()->toPlainText(), QStringLiteral("a cat"));
        QTest::keyClick(panel.promptEdit(), Qt::Key_Escape);
        QCOMPARE(cancel.count(), 1);
        // From another field too: the shortcuts are window-wide.
        QTest::keyClick(panel.negativeEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(generate.count(), 3);

        panel.setGenerateEnabled(false);  // e.g. no model loaded
        QTest::keyClick(panel.promptEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(generate.count(), 3);
        QTest::mouseClick(panel.generateButton(), Qt::LeftButton);
        QCOMPARE(generate.count(), 3);

        panel.setGenerationRunning(true);
        QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
        QCOMPARE(cancel.count(), 2);
    }

    void settingsRoundTrip() {
        PromptPanel panel;
        GenerationSettings s;
        s.setPrompt(QStringLiteral("a lighthouse at dusk"));
        s.setNegativePrompt(QStringLiteral("fog"));
        s.request.steps = 14;
        s.request.guidance_scale = 3.5;
        s.batchCount = 3;
        s.setSeed(4294967295u);
        s.seedMode = SeedMode::Increment;
        s.request.width = 1216;
        s.request.height = 832;
        s.setSampler(QStringLiteral("dpm++2m_karras"));
        panel.applySettings(s);
        QCOMPARE(panel.settings(), s);
        QVERIFY(panel.sizeSelector()->isCustom());  // no model yet: every size is custom
        // The box shows the name artists know; the settings keep the core's id.
        QCOMPARE(panel.samplerBox()->currentText(), QStringLiteral("DPM++ 2M Karras"));
    }

    void startFromAPictureAndUseItAgain() {
        PromptPanel panel;
        GenerationSettings s;
        s.setPrompt(QStringLiteral("a castle"));
        s.initImagePath = QStringLiteral("/photos/castle.png");
        s.initImageSha256 = QStringLiteral("");
        s.request.strength = 0.45;
        s.seedMode = SeedMode::Fixed;
        panel.applySettings(s);
        QCOMPARE(panel.settings(), s);  // width/height 0: the picture's own size
        QVERIFY(!panel.sizeSelector()->isEnabled());
        QVERIFY(panel.initImageRow()->strengthSlider()->isEnabled());
        QCOMPARE(panel.initImageRow()->nameLabel()->text(), QStringLiteral("castle.png"));
        // Clear: text-to-image again, the size presets back.
        QTest::mouseClick(panel.initImageRow()->clearButton(), Qt::LeftButton);
        QVERIFY(panel.settings().initImagePath.isEmpty());
        QVERIFY(panel.sizeSelector()->isEnabled());
        QVERIFY(!panel.initImageRow()->strengthSlider()->isEnabled());

        // Metadata and JSON keep the picture, its hash, the strength and "refine" both ways.
        s.initImageSha256 = QStringLiteral("0d85ed4f");
        s.refine = true;
        const GenerationSettings back =
            GenerationSettings::fromMetadata(s.toMetadata(QStringLiteral("tiny"), 512, 384));
        QCOMPARE(back.initImagePath, s.initImagePath);
        QCOMPARE(back.initImageSha256, s.initImageSha256);
        QCOMPARE(back.request.strength, 0.45);
        QVERIFY(back.refine);
        QCOMPARE(GenerationSettings::fromJson(s.toJson()), s);
        panel.applySettings(back);
        QVERIFY(panel.initImageRow()->nameLabel()->text().contains(QStringLiteral("for print")));
    }

    void seedLockFollowsAndSetsTheMode() {
        PromptPanel panel;
        GenerationSettings s;
        s.setSeed(1234);
        s.seedMode = SeedMode::Increment;
        panel.applySettings(s);
        QVERIFY(!panel.lockButton()->isChecked());

        QTest::mouseClick(panel.lockButton(), Qt::LeftButton);  // lock: Fixed, same seed
        QVERIFY(panel.lockButton()->isChecked());
        QCOMPARE(panel.settings().seedMode, SeedMode::Fixed);
        QCOMPARE(panel.settings().seed(), 1234u);
        const QList<GenerationSettings> twice = panel.takeBatch() + panel.takeBatch();
        QCOMPARE(twice.size(), 2);
        QCOMPARE(twice[0].seed(), 1234u);
        QCOMPARE(twice[1].seed(), 1234u);
        QVERIFY(twice[0].batchId.isEmpty());  // a job of its own: no batch in the gallery

        QTest::mouseClick(panel.lockButton(), Qt::LeftButton);  // unlock: back to Increment
        QVERIFY(!panel.lockButton()->isChecked());
        QCOMPARE(panel.settings().seedMode, SeedMode::Increment);

        // The mode box drives the lock too ("use again" sets Fixed through settings).
        s.seedMode = SeedMode::Fixed;
        panel.applySettings(s);
        QVERIFY(panel.lockButton()->isChecked());
        s.seedMode = SeedMode::Random;
        panel.applySettings(s);
        QVERIFY(!panel.lockButton()->isChecked());
        QTest::mouseClick(panel.lockButton(), Qt::LeftButton);
        QTest::mouseClick(panel.lockButton(), Qt::LeftButton);
        QCOMPARE(panel.settings().seedMode, SeedMode::Random);
    }

    void useAgainKeepsTheNoiseOfABatchImage() {
        // Image 4 of a CLI batch of two prompts x two images, as its metadata says.
        pixart::GenerationRequest batch;
        batch.prompts = {"a red fox", "a snowy owl"};
        batch.images_per_prompt = 2;
        batch.seed = 2;
        batch.width = 320;
        batch.height = 192;
        const pixart::GenerationMetadata metadata = pixart::metadata_for(batch, 1, 1, "tiny");
        const GenerationSettings restored = GenerationSettings::fromMetadata(metadata);
        QCOMPARE(restored.request.noise_batch_size, 4);
        QCOMPARE(restored.request.noise_batch_index, 3);
        QCOMPARE(restored.toRequest(2).noise_batch_size, 4);  // the restored seed: that draw
        QCOMPARE(restored.toRequest(3).noise_batch_size, 0);  // another seed: a fresh draw
        QCOMPARE(GenerationSettings::fromJson(restored.toJson()), restored);
        // The image made again records the same place, so it can be made again too.
        QCOMPARE(restored.toMetadata(QStringLiteral("tiny"), 256, 256).batch_index, 3);

        PromptPanel panel;
        panel.applySettings(restored);
        QCOMPARE(panel.settings(), restored);
        QVERIFY(panel.noiseBatchNote()->isVisibleTo(&panel));
        QVERIFY(panel.noiseBatchNote()->text().contains(QStringLiteral("4 of a batch of 4")));
        GenerationSettings increment = restored;
        increment.seedMode = SeedMode::Increment;
        increment.batchCount = 2;
        panel.applySettings(increment);
        const QList<GenerationSettings> jobs = panel.takeBatch();
        QCOMPARE(jobs.size(), 2);
        QCOMPARE(jobs[0].request.noise_batch_size, 4);  // seed 2: the image again
        QCOMPARE(jobs[1].request.noise_batch_size, 0);  // seed 3: a new image
        // One press: one batch in the gallery, and the next press is another.
        QVERIFY(!jobs[0].batchId.isEmpty());
        QCOMPARE(jobs[1].batchId, jobs[0].batchId);
        QVERIFY(panel.takeBatch()[0].batchId != jobs[0].batchId);
        // The shown seed moved on: the batch place is gone.
        QCOMPARE(panel.settings().request.noise_batch_size, 0);
        QVERIFY(!panel.noiseBatchNote()->isVisibleTo(&panel));
    }

    void tokenCounter() {
        PIXART_REQUIRE_SHARED_QT();
        // The reference count: the model's tokenizer (what Engine::count_tokens reports).
        std::optional<pixart::PromptTokenizer> tokenizer;
        try {
            tokenizer = pixart::PromptTokenizer::for_model(test::tinyModelDir().toStdString());
        } catch (const pixart::Error& e) {
            if (e.kind() == pixart::ErrorKind::Unsupported) QSKIP(e.what());  // no module built
            throw;
        }
        const auto count = [&](const QString& text) {
            return tokenizer->encode(text.toStdString()).num_tokens;
        };
        PromptPanel panel;
        panel.tokenCounter()->setDebounceMs(0);
        panel.setModel(pixart::inspect_model(test::tinyModelDir().toStdString()));
        const QString prompt =
            QStringLiteral("a small cactus with a happy face in the sahara desert");
        panel.promptEdit()->setPlainText(prompt);
        QTRY_COMPARE_WITH_TIMEOUT(panel.promptTokensLabel()->text(),
                                  QStringLiteral("%1 / 300").arg(count(prompt)), 60000);
        QVERIFY(count(prompt) > 5);
        QVERIFY(!panel.promptTokensLabel()->property("overLimit").toBool());

        QString longPrompt;
        for (int i = 0; i < 200; ++i) longPrompt += QStringLiteral("red green ");
        const int longCount = count(longPrompt);
        QVERIFY(longCount > 300);
        panel.promptEdit()->setPlainText(longPrompt);
        QTRY_VERIFY_WITH_TIMEOUT(panel.promptTokensLabel()->property("overLimit").toBool(), 60000);
        QVERIFY(panel.promptTokensLabel()->text().startsWith(
            QStringLiteral("%1 / 300").arg(longCount)));
        QVERIFY(!panel.promptTokensLabel()->toolTip().isEmpty());  // says the rest is ignored

        panel.negativeEdit()->setPlainText(QStringLiteral("blurry"));
        QTRY_COMPARE_WITH_TIMEOUT(panel.negativeTokensLabel()->text(),
                                  QStringLiteral("%1 / 300").arg(count(QStringLiteral("blurry"))),
                                  60000);
        // Back under the limit: the warning goes away.
        panel.promptEdit()->setPlainText(prompt);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.promptTokensLabel()->property("overLimit").toBool(), 60000);
    }

    void tokenCounterWithoutModel() {
        TokenCounter counter;
        counter.setDebounceMs(0);
        QSignalSpy unavailable(&counter, &TokenCounter::unavailable);
        counter.count(0, QStringLiteral("anything"));
        QVERIFY(unavailable.wait(60000));
        QCOMPARE(unavailable.first().at(0).toInt(), 0);
        QVERIFY(!unavailable.first().at(1).toString().isEmpty());
    }
};

QTEST_MAIN(TestPromptPanel)
#include "test_prompt_panel.moc"
