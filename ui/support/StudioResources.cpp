#include "support/StudioResources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initResourcesOutsideNamespace() { Q_INIT_RESOURCE(studio); }

namespace pixart::ui {

void initStudioResources() { initResourcesOutsideNamespace(); }

}  // namespace pixart::ui
