// Registers the studio's Qt resources (icons). They live in the static pixart_ui library, whose
// resource initialiser the linker would otherwise drop.
#pragma once

namespace pixart::ui {

void initStudioResources();

}  // namespace pixart::ui
