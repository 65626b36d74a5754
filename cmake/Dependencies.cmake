# One place that finds every external dependency. Debian 12 packages (see README.md), or an
# official LibTorch 2.x (CUDA) for the core + CLI: either via CMAKE_PREFIX_PATH (its CMake package,
# which wants a CUDA toolkit) or -DPIXART_IMPORT_LIBTORCH=ON -DPIXART_LIBTORCH_DIR=… (headers and
# libraries only; see ImportLibTorch.cmake and docs/PERFORMANCE.md).
find_package(Threads REQUIRED)
if(PIXART_IMPORT_LIBTORCH)
  include(ImportLibTorch)
else()
  find_package(Torch REQUIRED)
endif()
# OpenMP for the core files that run work on ATen's intra-op threads: at::parallel_for is a
# header template that is parallel only where it is compiled with OpenMP, as libtorch is
# (ATen/ParallelOpenMP.h). GCC's runtime, the one Debian's libtorch uses.
find_package(OpenMP REQUIRED COMPONENTS CXX)

# nlohmann_json: its CMake package, or just the header (-DPIXART_NLOHMANN_JSON_INCLUDE_DIR=DIR
# with DIR/nlohmann/json.hpp, e.g. the single-header release).
set(PIXART_NLOHMANN_JSON_INCLUDE_DIR "" CACHE PATH "folder holding nlohmann/json.hpp")
if(PIXART_NLOHMANN_JSON_INCLUDE_DIR)
  if(NOT EXISTS "${PIXART_NLOHMANN_JSON_INCLUDE_DIR}/nlohmann/json.hpp")
    message(FATAL_ERROR "${PIXART_NLOHMANN_JSON_INCLUDE_DIR}/nlohmann/json.hpp not found")
  endif()
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  target_include_directories(nlohmann_json::nlohmann_json INTERFACE
                             ${PIXART_NLOHMANN_JSON_INCLUDE_DIR})
else()
  find_package(nlohmann_json 3.9 QUIET)
  if(NOT nlohmann_json_FOUND)
    message(FATAL_ERROR "nlohmann_json not found: apt-get install nlohmann-json3-dev, or "
                        "-DPIXART_NLOHMANN_JSON_INCLUDE_DIR=<folder with nlohmann/json.hpp>")
  endif()
endif()

# ICU: Python-exact lower-casing, Unicode regexes and normalisation for prompt preprocessing.
if(PIXART_WITH_ICU)
  find_package(ICU 63 COMPONENTS uc i18n QUIET)
  if(NOT ICU_FOUND)
    message(FATAL_ERROR "ICU not found: apt-get install libicu-dev, or -DPIXART_WITH_ICU=OFF "
                        "(basic Unicode lower-casing; clean_caption unavailable)")
  endif()
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
  # SHA-256 of image-to-image pictures (recorded in the metadata).
  pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)
  # The PNG encoder's parallel deflate (imaging/png_encoder.cpp).
  find_package(ZLIB REQUIRED)
endif()

if(PIXART_WITH_LIBRARY)
  find_package(SQLite3 REQUIRED)
endif()

if(PIXART_BUILD_UI)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets Concurrent Sql Test)
  # Qt's `slots`/`signals` macros break torch headers (TOOLCHAIN.md, trap 2).
  add_compile_definitions(QT_NO_KEYWORDS)
endif()
