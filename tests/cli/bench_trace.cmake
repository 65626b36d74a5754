# bench --trace: one variant writes the trace to the path as given, several write FILE.N.json,
# one per variant in table order. Each is a Chrome trace (a JSON array of complete events) of
# the step's ops: LayerNorm and the linears as ATen ops, and, where this CPU runs the fused
# attention kernel, the kernel itself under its own name.
#   cmake -DCLI=pixart-cli -DWORK=dir -P bench_trace.cmake
include(${CMAKE_CURRENT_LIST_DIR}/shared_data.cmake)
pixart_require_shared_dir("${shared}/models/tiny-pixart-sigma")
set(config ${shared}/models/tiny-pixart-sigma/transformer/config.json)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${ARGN}\nexit code ${code}\n${out}${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

# A trace file holds complete ("X") events, among them every op named in ARGN.
function(expect_trace file)
  if(NOT EXISTS ${file})
    message(FATAL_ERROR "no trace written at ${file}")
  endif()
  file(READ ${file} trace)
  string(JSON events LENGTH "${trace}")
  if(events LESS 10)
    message(FATAL_ERROR "${file}: ${events} events")
  endif()
  string(JSON phase GET "${trace}" 0 ph)
  if(NOT phase STREQUAL "X")
    message(FATAL_ERROR "${file}: the first event's phase is ${phase}")
  endif()
  foreach(op ${ARGN})
    string(FIND "${trace}" "\"name\": \"${op}\"" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${file}: no ${op} event")
    endif()
  endforeach()
  message("${file}: ${events} events, with ${ARGN}")
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(common bench --config ${config} --width 64 --height 64 --steps 1 --threads 2)

run(${CLI} ${common} --trace ${WORK}/one.json)
if(NOT out MATCHES "trace of \"optimised\" \\(its first timed step\\): ${WORK}/one.json")
  message(FATAL_ERROR "the trace is not named:\n${out}")
endif()
expect_trace(${WORK}/one.json aten::layer_norm aten::linear)

run(${CLI} ${common} --mode attention --trace ${WORK}/two.json)
set(optimised_ops aten::layer_norm)
if(out MATCHES "  fused \\(")  # the CPU runs the kernel: the optimised step calls it
  list(APPEND optimised_ops pixart::fused_attention)
endif()
expect_trace(${WORK}/two.1.json aten::layer_norm aten::baddbmm)
expect_trace(${WORK}/two.2.json ${optimised_ops})
if(EXISTS ${WORK}/two.json)
  message(FATAL_ERROR "two variants wrote the unnumbered path too")
endif()
