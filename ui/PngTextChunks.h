// The text chunks (tEXt, zTXt, iTXt) of a PNG file, read straight from the chunk stream without
// decoding pixels. Qt's QImageReader::text() flattens newlines, which A1111 `parameters` need.
#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

namespace pixart::ui {

class PngTextChunks {
  public:
    // key → text; empty when the file is not a PNG or cannot be read. Damaged chunks are skipped.
    static QMap<QString, QString> read(const QString& path);
    static QMap<QString, QString> parse(const QByteArray& png);
};

}  // namespace pixart::ui
