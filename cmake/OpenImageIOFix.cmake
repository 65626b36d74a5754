# OpenImageIO 2.4's CMake config (Debian) names /usr/include/opencv4, which does not exist unless
# OpenCV's headers are installed; strip it so targets that link OIIO configure (TOOLCHAIN.md, trap 3).
find_package(OpenImageIO CONFIG REQUIRED)
foreach(tgt OpenImageIO::OpenImageIO OpenImageIO::OpenImageIO_Util)
  if(TARGET ${tgt})
    get_target_property(dirs ${tgt} INTERFACE_INCLUDE_DIRECTORIES)
    if(dirs)
      list(FILTER dirs EXCLUDE REGEX "opencv4")
      set_target_properties(${tgt} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${dirs}")
    endif()
  endif()
endforeach()
