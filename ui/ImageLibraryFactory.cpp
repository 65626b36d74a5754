#include "ImageLibraryFactory.h"

#include <QCoreApplication>
#include <exception>

#include "FolderImageLibrary.h"
#ifdef PIXART_UI_WITH_LIBRARY
#include "CoreImageLibrary.h"
#endif

namespace pixart::ui {

std::shared_ptr<ImageLibrary> openImageLibrary(const QString& folder, QString* warning) {
    if (warning) warning->clear();
#ifdef PIXART_UI_WITH_LIBRARY
    try {
        auto library = std::make_shared<CoreImageLibrary>(folder);
        if (warning) *warning = library->openReport();
        return library;
    } catch (const std::exception& e) {
        if (warning)
            *warning = QCoreApplication::translate("ImageLibrary",
                                                   "The history database cannot be used (%1); "
                                                   "images are kept as plain files for now.")
                           .arg(QString::fromUtf8(e.what()));
    }
#endif
    return std::make_shared<FolderImageLibrary>(folder);
}

}  // namespace pixart::ui
