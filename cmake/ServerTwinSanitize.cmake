# Hardening builds, applied through servertwin_common so every ServerTwin target gets them:
#   SERVERTWIN_SANITIZE=ON  AddressSanitizer + UndefinedBehaviorSanitizer (any UB aborts);
#                           scripts/run-sanitized-tests.sh builds build-asan and runs ctest.
#   SERVERTWIN_FUZZ=ON      (clang only) libFuzzer instrumentation + ASan/UBSan for the core
#                           libraries and the harnesses in tests/fuzz; build only the fuzz_*
#                           targets (scripts/run-fuzzers.sh).
option(SERVERTWIN_SANITIZE "Build with -fsanitize=address,undefined" OFF)
option(SERVERTWIN_FUZZ "Build the libFuzzer harnesses (tests/fuzz, needs clang)" OFF)

if(SERVERTWIN_SANITIZE OR SERVERTWIN_FUZZ)
  set(_st_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_compile_options(servertwin_common INTERFACE ${_st_sanitizers})
  target_link_options(servertwin_common INTERFACE -fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12's flow analysis is confused by ASan's instrumentation and reports false
    # -Wmaybe-uninitialized in libstdc++ (std::regex in Catch2, std::function); GCC's manual
    # warns that -fsanitize=address makes such warnings unreliable.
    target_compile_options(servertwin_common INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()

if(SERVERTWIN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SERVERTWIN_FUZZ=ON needs clang (cmake -DCMAKE_CXX_COMPILER=clang++)")
  endif()
  # Coverage feedback for everything; only the harnesses link libFuzzer's main.
  target_compile_options(servertwin_common INTERFACE -fsanitize=fuzzer-no-link)
endif()
