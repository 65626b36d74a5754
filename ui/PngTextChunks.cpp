#include "PngTextChunks.h"

#include <QFile>
#include <QtEndian>
#include <algorithm>

namespace pixart::ui {
namespace {

constexpr char kSignature[] = "\x89PNG\r\n\x1a\n";

// zlib stream → bytes. qUncompress wants a 4-byte big-endian size hint in front.
QByteArray inflate(const QByteArray& zlib) {
    QByteArray framed(4, '\0');
    qToBigEndian<quint32>(static_cast<quint32>(std::max<qsizetype>(zlib.size() * 8, 1024)),
                          framed.data());
    framed += zlib;
    return qUncompress(framed);
}

}  // namespace

QMap<QString, QString> PngTextChunks::read(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    if (file.read(8) != QByteArray(kSignature, 8)) return {};
    QMap<QString, QString> texts;
    while (!file.atEnd()) {
        const QByteArray header = file.read(8);
        if (header.size() != 8) break;
        const quint32 length = qFromBigEndian<quint32>(header.constData());
        const QByteArray type = header.mid(4, 4);
        if (type == "IEND" || length > (64u << 20)) break;
        if (type == "tEXt" || type == "zTXt" || type == "iTXt") {
            // Separate statements: the operands of + are read in no fixed order.
            QByteArray tiny = QByteArray(kSignature, 8) + header;
            tiny += file.read(length);
            tiny += file.read(4);  // CRC
            const auto one = parse(tiny);
            for (auto it = one.constBegin(); it != one.constEnd(); ++it)
                texts.insert(it.key(), it.value());
        } else if (!file.seek(file.pos() + length + 4)) {  // pixels and CRC: skipped
            break;
        }
    }
    return texts;
}

QMap<QString, QString> PngTextChunks::parse(const QByteArray& png) {
    QMap<QString, QString> texts;
    if (!png.startsWith(QByteArray(kSignature, 8))) return texts;
    qsizetype pos = 8;
    while (pos + 12 <= png.size()) {
        const quint32 length = qFromBigEndian<quint32>(png.constData() + pos);
        const QByteArray type = png.mid(pos + 4, 4);
        if (pos + 12 + qsizetype(length) > png.size()) break;
        const QByteArray data = png.mid(pos + 8, length);
        pos += 12 + length;
        const qsizetype nul = data.indexOf('\0');
        if (nul <= 0) continue;
        const QString key = QString::fromLatin1(data.left(nul));
        if (type == "tEXt") {
            texts.insert(key, QString::fromLatin1(data.mid(nul + 1)));
        } else if (type == "zTXt") {
            if (data.size() > nul + 2 && data[nul + 1] == '\0')
                texts.insert(key, QString::fromLatin1(inflate(data.mid(nul + 2))));
        } else if (type == "iTXt") {
            // keyword \0 flag method language \0 translated keyword \0 text (UTF-8)
            if (data.size() < nul + 3) continue;
            const bool compressed = data[nul + 1] != '\0';
            const qsizetype languageEnd = data.indexOf('\0', nul + 3);
            if (languageEnd < 0) continue;
            const qsizetype translatedEnd = data.indexOf('\0', languageEnd + 1);
            if (translatedEnd < 0) continue;
            const QByteArray text = data.mid(translatedEnd + 1);
            texts.insert(key, QString::fromUtf8(compressed ? inflate(text) : text));
        }
    }
    return texts;
}

}  // namespace pixart::ui
