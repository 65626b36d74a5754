// The LoRA panel: a folder's files listed and searchable, enabled ones with their strengths go to
// the job, "use again" enables them again and names the missing ones; the settings keep them.
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

#include "panels/LoraPanel.h"
#include "settings/GenerationSettings.h"

using namespace pixart::ui;

class TestLoraPanel : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void listsSearchesEnablesAndRestores() {
        QTemporaryDir dir;
        for (const char* name : {"oil-paint.safetensors", "watercolour.safetensors", "notes.txt"}) {
            QFile file(dir.filePath(QString::fromUtf8(name)));
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        LoraPanel panel;
        panel.setFolder(dir.path());
        QCOMPARE(panel.list()->count(), 2);  // the .txt is not a LoRA
        QVERIFY(panel.loras().empty());

        panel.search()->setText(QStringLiteral("water"));
        QVERIFY(panel.list()->item(0)->isHidden());  // oil-paint
        QVERIFY(!panel.list()->item(1)->isHidden());
        panel.search()->clear();

        QListWidgetItem* oil = panel.list()->item(0);
        oil->setCheckState(Qt::Checked);
        panel.list()->setCurrentItem(oil);
        QVERIFY(panel.strengthSlider()->isEnabled());
        panel.strengthSlider()->setValue(-50);
        const auto loras = panel.loras();
        QCOMPARE(loras.size(), size_t(1));
        QCOMPARE(QString::fromStdString(loras[0].path),
                 dir.filePath(QStringLiteral("oil-paint.safetensors")));
        QCOMPARE(loras[0].strength, -0.5);

        // Use again: the watercolour at 0.8 and a file that is gone.
        const QString gone = dir.filePath(QStringLiteral("gone.safetensors"));
        const QStringList missing = panel.setLoras(
            {{dir.filePath(QStringLiteral("watercolour.safetensors")).toStdString(), 0.8, ""},
             {gone.toStdString(), 1.0, ""}});
        QCOMPARE(missing, QStringList{gone});
        const auto restored = panel.loras();
        QCOMPARE(restored.size(), size_t(1));
        QVERIFY(QString::fromStdString(restored[0].path)
                    .endsWith(QStringLiteral("watercolour.safetensors")));
        QCOMPARE(restored[0].strength, 0.8);
    }

    void settingsCarryLoras() {
        GenerationSettings s;
        s.setPrompt(QStringLiteral("a harbour"));
        s.request.loras = {{"/loras/a.safetensors", 0.7, "abc"},
                           {"/loras/b.safetensors", -1.0, ""}};
        QCOMPARE(GenerationSettings::fromJson(s.toJson()), s);
        const auto request = s.toRequest(3);
        QCOMPARE(request.loras.size(), size_t(2));
        const GenerationSettings back =
            GenerationSettings::fromMetadata(s.toMetadata(QStringLiteral("tiny"), 256, 256));
        QCOMPARE(back.request.loras.size(), size_t(2));
        QCOMPARE(back.request.loras[1].strength, -1.0);
    }
};

QTEST_MAIN(TestLoraPanel)
#include "test_lora_panel.moc"
