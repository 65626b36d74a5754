// Pictures read through Qt after the core's checks: a PNG whose chunk claims 2 GB is refused
// before Qt's libpng allocates it (Qt alone: 1.9 GB of peak memory for a 100-byte file), good
// files read as before, thumbnails decode scaled, folders are refused with a reason.
#include <sys/resource.h>

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include "support/ImageFileReading.h"

using namespace pixart::ui;

namespace {

long peakResidentKiB() {
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

// A valid PNG with a tEXt chunk header after IHDR that claims 2 GB, of which 4 bytes follow.
QByteArray pngWithHugeTextChunk() {
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
    }
    const int afterHeader = 8 + 8 + 13 + 4;  // signature, IHDR's length + type, data, CRC
    const QByteArray chunk = QByteArray::fromHex("7ffffff0") + "tEXt" + "ab\0c";
    return png.left(afterHeader) + chunk + png.mid(afterHeader);
}

}  // namespace

class TestImageFileReading : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    // First, while the process's peak is still small enough to show a 2 GB allocation.
    void aChunkLongerThanTheFileIsRefusedBeforeQtAllocatesIt() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("claims-2gb.png"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(pngWithHugeTextChunk());
        file.close();

        const long before = peakResidentKiB();
        QString why;
        const QImage image = readImageFile(path, 0, &why);
        QVERIFY(image.isNull());
        QVERIFY2(why.contains(QStringLiteral("tEXt")), qPrintable(why));
        const QImage thumbnail = readImageFile(path, 64);
        QVERIFY(thumbnail.isNull());
        QVERIFY2(peakResidentKiB() - before < 256 * 1024,
                 qPrintable(QStringLiteral("peak grew by %1 KiB").arg(peakResidentKiB() - before)));
    }

    void goodFilesReadAndThumbnailsDecodeScaled() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("wide.png"));
        QImage wide(200, 100, QImage::Format_RGB32);
        wide.fill(Qt::red);
        QVERIFY(wide.save(path));

        QString why;
        const QImage whole = readImageFile(path, 0, &why);
        QCOMPARE(whole.size(), QSize(200, 100));
        QVERIFY(why.isEmpty());
        QCOMPARE(whole.pixelColor(10, 10), QColor(Qt::red));
        QCOMPARE(readImageFile(path, 40).size(), QSize(40, 20));
        QCOMPARE(readImageFile(path, 400).size(), QSize(400, 200));  // fits the square, as before
    }

    void foldersAndMissingFilesSayWhy() {
        QTemporaryDir dir;
        QString why;
        QVERIFY(readImageFile(dir.path(), 0, &why).isNull());
        QVERIFY2(why.contains(QStringLiteral("folder")), qPrintable(why));
        why.clear();
        QVERIFY(readImageFile(dir.filePath(QStringLiteral("gone.png")), 0, &why).isNull());
        QVERIFY2(why.contains(QStringLiteral("cannot open")), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestImageFileReading)
#include "test_image_file_reading.moc"
