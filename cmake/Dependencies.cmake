# One place that finds every external dependency. Debian 12 packages (see README.md), or an
# official LibTorch 2.x (CUDA) via CMAKE_PREFIX_PATH for the core + CLI.
find_package(Threads REQUIRED)
find_package(Torch REQUIRED)
find_package(nlohmann_json 3.9 QUIET)
if(NOT nlohmann_json_FOUND)
  message(FATAL_ERROR "nlohmann_json not found: apt-get install nlohmann-json3-dev "
                      "(or point CMAKE_PREFIX_PATH at its headers)")
endif()

# ICU: Python-exact lower-casing, Unicode regexes and normalisation for prompt preprocessing.
find_package(ICU 63 COMPONENTS uc i18n QUIET)
if(NOT ICU_FOUND)
  message(FATAL_ERROR "ICU not found: apt-get install libicu-dev")
endif()

if(PIXART_WITH_TOKENIZER_MODULE)
  find_path(SENTENCEPIECE_INCLUDE_DIR sentencepiece_processor.h)
  find_library(SENTENCEPIECE_LIBRARY sentencepiece)
  if(NOT SENTENCEPIECE_INCLUDE_DIR OR NOT SENTENCEPIECE_LIBRARY)
    message(FATAL_ERROR "sentencepiece not found: apt-get install libsentencepiece-dev, "
                        "or -DPIXART_WITH_TOKENIZER_MODULE=OFF")
  endif()
endif()

if(PIXART_WITH_IMAGING)
  include(OpenImageIOFix)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(LCMS2 REQUIRED IMPORTED_TARGET lcms2)
endif()

if(PIXART_WITH_LIBRARY)
  find_package(SQLite3 REQUIRED)
endif()

if(PIXART_BUILD_UI)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets Concurrent Sql Test)
  # Qt's `slots`/`signals` macros break torch headers (TOOLCHAIN.md, trap 2).
  add_compile_definitions(QT_NO_KEYWORDS)
endif()
