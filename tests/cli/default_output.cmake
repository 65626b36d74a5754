# pixart-cli generate without --out: NNNN-seedS.png in the current folder, the next free number
# each time, the path printed; the metadata records the size made (no --width/--height given).
include(${CMAKE_CURRENT_LIST_DIR}/shared_data.cmake)
pixart_require_shared_dir("${shared}/golden")
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/0007-earlier.png "")  # a number already taken: the next is 0008
foreach(expected 0008-seed5.png 0009-seed5.png)
  execute_process(COMMAND ${CLI} generate --model ${shared}/models/tiny-pixart-sigma
                          --prompt "a red fox" --steps 2 --seed 5
                  WORKING_DIRECTORY ${WORK} RESULT_VARIABLE code OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  message("${out}${err}")
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "exit code ${code}")
  endif()
  if(NOT out MATCHES "${expected}" OR NOT EXISTS ${WORK}/${expected})
    message(FATAL_ERROR "expected ${expected} written and printed")
  endif()
endforeach()
file(STRINGS ${WORK}/0008-seed5.png size REGEX "Size: [0-9]+x[0-9]+")
if(NOT size MATCHES "Size: 256x256")
  message(FATAL_ERROR "the metadata does not record the size made: '${size}'")
endif()
