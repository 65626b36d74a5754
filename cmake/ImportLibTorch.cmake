# LibTorch imported from its folder, without its CMake package (-DPIXART_IMPORT_LIBTORCH=ON).
# The official CUDA LibTorch 2.x ships its CUDA runtime libraries, but its TorchConfig.cmake wants a
# CUDA toolkit (nvcc, headers) at configure time; the core needs only LibTorch's headers and
# shared libraries, so on a bare GPU machine (driver + LibTorch) this is all the build needs.
#   cmake -S . -B build-cuda -DPIXART_IMPORT_LIBTORCH=ON -DPIXART_LIBTORCH_DIR=/opt/libtorch ...
# Defines the imported target `torch`, like find_package(Torch) does.
set(PIXART_LIBTORCH_DIR "" CACHE PATH "LibTorch folder (holds include/ and lib/)")
set(PIXART_TORCH_CXX11_ABI ON CACHE BOOL
    "LibTorch was built with the C++11 ABI (the 'cxx11 ABI' downloads; every 2.7+ build)")

set(_pixart_torch_hints)
if(PIXART_LIBTORCH_DIR)
  set(_pixart_torch_hints HINTS ${PIXART_LIBTORCH_DIR} NO_DEFAULT_PATH)
endif()
find_path(PIXART_TORCH_INCLUDE_DIR NAMES torch/csrc/api/include/torch/torch.h
          PATH_SUFFIXES include ${_pixart_torch_hints})
foreach(_lib torch torch_cpu c10)
  find_library(PIXART_TORCH_LIB_${_lib} NAMES ${_lib} PATH_SUFFIXES lib ${_pixart_torch_hints})
  if(NOT PIXART_TORCH_LIB_${_lib})
    message(FATAL_ERROR "LibTorch: lib${_lib}.so not found (set -DPIXART_LIBTORCH_DIR)")
  endif()
endforeach()
if(NOT PIXART_TORCH_INCLUDE_DIR)
  message(FATAL_ERROR "LibTorch: torch/csrc/api/include/torch/torch.h not found "
                      "(set -DPIXART_LIBTORCH_DIR)")
endif()
# The CUDA backend registers itself from static initialisers: link it even though nothing refers
# to its symbols.
find_library(PIXART_TORCH_LIB_torch_cuda NAMES torch_cuda PATH_SUFFIXES lib ${_pixart_torch_hints})
find_library(PIXART_TORCH_LIB_c10_cuda NAMES c10_cuda PATH_SUFFIXES lib ${_pixart_torch_hints})

add_library(torch INTERFACE IMPORTED)
target_include_directories(torch INTERFACE ${PIXART_TORCH_INCLUDE_DIR}
                                           ${PIXART_TORCH_INCLUDE_DIR}/torch/csrc/api/include)
set(_pixart_torch_libs ${PIXART_TORCH_LIB_torch} ${PIXART_TORCH_LIB_torch_cpu}
                       ${PIXART_TORCH_LIB_c10})
if(PIXART_TORCH_LIB_torch_cuda AND PIXART_TORCH_LIB_c10_cuda)
  list(APPEND _pixart_torch_libs ${PIXART_TORCH_LIB_torch_cuda} ${PIXART_TORCH_LIB_c10_cuda})
  message(STATUS "LibTorch: CUDA backend ${PIXART_TORCH_LIB_torch_cuda}")
endif()
target_link_options(torch INTERFACE "LINKER:--no-as-needed")
target_link_libraries(torch INTERFACE ${_pixart_torch_libs} Threads::Threads ${CMAKE_DL_LIBS})
if(PIXART_TORCH_CXX11_ABI)
  target_compile_definitions(torch INTERFACE _GLIBCXX_USE_CXX11_ABI=1)
else()
  target_compile_definitions(torch INTERFACE _GLIBCXX_USE_CXX11_ABI=0)
endif()
message(STATUS "LibTorch imported: ${PIXART_TORCH_INCLUDE_DIR}, ${PIXART_TORCH_LIB_torch}")
