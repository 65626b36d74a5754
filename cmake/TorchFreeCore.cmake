# pixart_torch_free_core(<target> [EXTRA_FLAGS …]): a static library of the core's torch-free
# sources (configs, safetensors headers, metadata, memory plans, text preprocessing, request
# checks, imaging, the generation library, batch job reading), compiled from the source tree
# for the reliability builds that cannot afford libtorch: the fuzz targets (tests/fuzz, clang's
# libFuzzer) and the sanitizer subset (tests/sanitizers, ASan + UBSan in CI). The main build
# compiles the same files into pixart::core, pixart::imaging and pixart::library.
# A torch-free file added to the core that these parsers need shows up here as a link error.
get_filename_component(PIXART_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

function(pixart_torch_free_core target)
  set(core ${PIXART_ROOT}/core)
  add_library(${target} STATIC
    ${core}/api/errors.cpp ${core}/api/aspect_ratios.cpp
    ${core}/config/json_file.cpp ${core}/config/t5_config.cpp ${core}/config/transformer_config.cpp
    ${core}/config/vae_config.cpp ${core}/config/scheduler_config.cpp
    ${core}/loading/dtype.cpp ${core}/loading/mapped_file.cpp ${core}/loading/safetensors_file.cpp
    ${core}/loading/checkpoint.cpp
    ${core}/metadata/sampler_names.cpp ${core}/metadata/a1111_parameters.cpp
    ${core}/metadata/metadata_json.cpp ${core}/metadata/comfyui_metadata.cpp
    ${core}/metadata/invokeai_metadata.cpp ${core}/metadata/metadata_fields.cpp
    ${core}/metadata/generation_metadata.cpp
    ${core}/memory/process_memory.cpp ${core}/memory/memory_budget.cpp
    ${core}/memory/memory_plan.cpp ${core}/memory/model_memory.cpp
    ${core}/pipeline/request_checks.cpp
    ${core}/text/basic_unicode.cpp ${core}/text/python_string.cpp ${core}/text/python_regex.cpp
    ${core}/text/run_prefixed_regex.cpp ${core}/text/html_entities.cpp ${core}/text/html_text.cpp
    ${core}/text/ftfy_fix_text.cpp ${core}/text/caption_cleaner.cpp
    ${core}/imaging/export_option_names.cpp ${core}/imaging/paper_sizes.cpp
    ${core}/imaging/export_plan.cpp ${core}/imaging/library_image_options.cpp
    ${core}/imaging/atomic_file.cpp ${core}/imaging/icc_profile.cpp
    ${core}/imaging/pixel_buffer.cpp ${core}/imaging/cmyk_converter.cpp
    ${core}/imaging/resampler.cpp ${core}/imaging/separable_lanczos.cpp
    ${core}/imaging/png_chunks.cpp ${core}/imaging/png_text_chunks.cpp
    ${core}/imaging/png_row_filter.cpp ${core}/imaging/png_encoder.cpp
    ${core}/imaging/png_chunk_check.cpp
    ${core}/imaging/tiff_directory.cpp ${core}/imaging/xmp_packet.cpp
    ${core}/imaging/image_encoder.cpp ${core}/imaging/image_exporter.cpp
    ${core}/imaging/image_reader.cpp
    ${core}/library/fts_match.cpp ${core}/library/generation_library.cpp
    ${core}/library/history_database.cpp ${core}/library/history_record.cpp
    ${core}/library/history_schema.cpp ${core}/library/image_file_store.cpp
    ${core}/library/sqlite_database.cpp ${core}/library/sqlite_error.cpp
    ${core}/library/sqlite_statement.cpp ${core}/library/utc_timestamp.cpp
    ${core}/library/library_merge.cpp ${core}/library/library_writer_lock.cpp
    ${PIXART_ROOT}/app/cli/batch_job.cpp ${PIXART_ROOT}/app/cli/lora_options.cpp
    ${PIXART_ROOT}/app/cli/batch_images.cpp ${PIXART_ROOT}/app/cli/batch_shard.cpp
    ${PIXART_ROOT}/app/cli/batch_manifest.cpp ${PIXART_ROOT}/app/cli/command_line.cpp)
  target_include_directories(${target} PUBLIC ${core} ${PIXART_ROOT}/app/cli)
  target_compile_definitions(${target} PRIVATE PIXART_VERSION="reliability")
  target_compile_options(${target} PUBLIC ${ARGN})
  target_link_libraries(${target} PUBLIC nlohmann_json::nlohmann_json ICU::i18n ICU::uc
                                         OpenImageIO::OpenImageIO PkgConfig::LCMS2 SQLite::SQLite3
                                         ZLIB::ZLIB Threads::Threads)
endfunction()

# The packages those sources need.
macro(pixart_find_torch_free_dependencies)
  list(APPEND CMAKE_MODULE_PATH ${PIXART_ROOT}/cmake)
  find_package(Threads REQUIRED)
  find_package(nlohmann_json 3.9 REQUIRED)
  find_package(ICU 63 COMPONENTS uc i18n REQUIRED)
  include(OpenImageIOFix)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(LCMS2 REQUIRED IMPORTED_TARGET lcms2)
  find_package(SQLite3 REQUIRED)
  find_package(ZLIB REQUIRED)
endmacro()
