# The shared test data folder for the CLI test scripts (cmake -P): PIXART_SHARED_DIR, else the
# default CTest passes in PIXART_DEFAULT_SHARED_DIR. Sets `shared`.
set(shared "$ENV{PIXART_SHARED_DIR}")
if(shared STREQUAL "")
  set(shared "$ENV{PIXART_DEFAULT_SHARED_DIR}")
endif()

# Ends the calling script when `path` (a folder of the shared data) is missing: "SKIP:" (CTest's
# skip pattern) outside CI, a failure under CI=true. A macro, so that its return() ends the
# script that calls it.
macro(pixart_require_shared_dir path)
  if(NOT IS_DIRECTORY "${path}")
    if("$ENV{CI}" STREQUAL "true")
      message(FATAL_ERROR "shared test data not found at '${shared}' (set PIXART_SHARED_DIR)")
    endif()
    message("SKIP: shared test data not found at '${shared}'")
    return()
  endif()
endmacro()
