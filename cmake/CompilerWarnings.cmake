# Warnings as an INTERFACE target: link it PRIVATE to our own targets only.
add_library(pixart_warnings INTERFACE)
add_library(pixart::warnings ALIAS pixart_warnings)
target_compile_options(pixart_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wcast-align
  -Woverloaded-virtual -Wno-unused-parameter)

if(PIXART_SANITIZERS)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
