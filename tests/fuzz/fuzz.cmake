# libFuzzer harnesses. With SERVERTWIN_FUZZ=ON (clang) they are fuzzers: build only the fuzz_*
# targets (scripts/run-fuzzers.sh does). Otherwise test_fuzz_replay runs every generated seed
# through both harnesses and their oracles, so they build and hold in every configuration.
set(_st_fuzz_seed_sources fuzz/FuzzSeeds.h fuzz/FuzzSeeds.cpp
    unit/extract/ExtractTestSupport.h unit/extract/ExtractTestSupport.cpp)
set(_st_fuzz_libs st_component st_inventory st_transport st_extract st_archive st_util PkgConfig::LIBARCHIVE PkgConfig::LIBACL)
if(SERVERTWIN_FUZZ)
  add_executable(fuzz_protocol fuzz/ProtocolFuzzer.cpp)
  target_link_libraries(fuzz_protocol PRIVATE servertwin_common st_component st_inventory st_transport)
  target_link_options(fuzz_protocol PRIVATE -fsanitize=fuzzer)

  add_executable(fuzz_restore fuzz/RestoreFuzzer.cpp)
  target_link_libraries(fuzz_restore PRIVATE servertwin_common st_extract st_archive st_util)
  target_link_options(fuzz_restore PRIVATE -fsanitize=fuzzer)

  add_executable(fuzz_seeds fuzz/FuzzSeedsMain.cpp ${_st_fuzz_seed_sources})
  target_include_directories(fuzz_seeds PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/extract)
  target_link_libraries(fuzz_seeds PRIVATE servertwin_common st_testtree ${_st_fuzz_libs})
else()
  set_source_files_properties(fuzz/ProtocolFuzzer.cpp PROPERTIES COMPILE_DEFINITIONS LLVMFuzzerTestOneInput=stFuzzProtocolOne)
  set_source_files_properties(fuzz/RestoreFuzzer.cpp PROPERTIES COMPILE_DEFINITIONS LLVMFuzzerTestOneInput=stFuzzRestoreOne)
  servertwin_add_test(test_fuzz_replay
    SOURCES fuzz/FuzzReplayTest.cpp fuzz/ProtocolFuzzer.cpp fuzz/RestoreFuzzer.cpp ${_st_fuzz_seed_sources}
    LIBS ${_st_fuzz_libs}
    LABELS unit)
  target_include_directories(test_fuzz_replay PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/fuzz ${CMAKE_CURRENT_SOURCE_DIR}/unit/extract)
endif()
