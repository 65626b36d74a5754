# "Use again" from the command line: the history's newest "snowy owl" image (image 3 of a batch of
# two prompts x two images) is printed as a job (history --as-jobs) and generated again by batch,
# alone: its noise is the batch's draw sliced at image 3, and only it is denoised. It must equal
# the stored 16-bit image to 2 steps of 1/65535: denoising one image instead of the batch of
# four changes the matmul shapes, so float rounding may move a value across a 16-bit step (a
# different noise would differ by ~0.5). Needs the library made by cli_batch_library.
#   cmake -DCLI=pixart-cli -DCOMPARE=compare_images -DLIBRARY=dir -DWORK=dir -P batch_round_trip.cmake
include(${CMAKE_CURRENT_LIST_DIR}/shared_data.cmake)
pixart_require_shared_dir("${shared}/models/tiny-pixart-sigma")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${ARGN}\nexit code ${code}\n${out}${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run(${CLI} history --library ${LIBRARY} --search "snowy owl" --limit 1)
string(JSON stored_file GET "${out}" file)
string(JSON batch_index GET "${out}" settings batch_index)
string(JSON batch_size GET "${out}" settings batch_size)
message("stored: ${stored_file} (image ${batch_index} of a batch of ${batch_size})")
if(NOT batch_index EQUAL 3 OR NOT batch_size EQUAL 4)
  message(FATAL_ERROR "expected image 3 of a batch of 4")
endif()

run(${CLI} history --library ${LIBRARY} --search "snowy owl" --limit 1 --as-jobs)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/again.jsonl "${out}")
run(${CLI} batch --model ${shared}/models/tiny-pixart-sigma --jobs ${WORK}/again.jsonl
    --out-dir ${WORK} --depth 16 --threads 1)
message("${out}")
string(JSON again_file GET "${out}" files 0)
run(${COMPARE} ${stored_file} ${again_file} 3.1e-5)
message("${out}")
