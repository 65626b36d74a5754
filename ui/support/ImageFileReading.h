// Picture files read through Qt (thumbnails, the viewer, opening and copying a file), after the
// core's checks: Qt's PNG plugin uses libpng, which allocates what a chunk claims before reading
// it, so one damaged 920-byte file would cost 2 GB on a pool thread. Free functions: no state.
#pragma once

#include <QImage>
#include <QString>

namespace pixart::ui {

// The picture, or a null image when it is not one Qt reads or fails pixart::check_image_file
// (`why`, when given, receives the reason). `fitEdge` > 0 decodes it scaled to fit a square of
// that edge (thumbnails: JPEGs decode smaller directly).
QImage readImageFile(const QString& path, int fitEdge = 0, QString* why = nullptr);

}  // namespace pixart::ui
