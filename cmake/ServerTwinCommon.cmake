# One INTERFACE target that every ServerTwin target links: language level, warnings and the
# Qt definitions that keep string conversions and connections explicit.
add_library(servertwin_common INTERFACE)
target_compile_features(servertwin_common INTERFACE cxx_std_20)
target_compile_definitions(servertwin_common INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CONTEXTLESS_CONNECT
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_DISABLE_DEPRECATED_UP_TO=0x060400
  _FILE_OFFSET_BITS=64
  _GNU_SOURCE)
target_compile_options(servertwin_common INTERFACE -Wall -Wextra -Wnon-virtual-dtor)
# Warnings are errors where ServerTwin is developed and in CI (.ci/run, scripts/run-*.sh turn
# this on), not in a user's or a packager's build, where a newer compiler's new warning must
# not break the build.
option(SERVERTWIN_WERROR "Treat compiler warnings as errors (development and CI)" OFF)
if(SERVERTWIN_WERROR)
  target_compile_options(servertwin_common INTERFACE -Werror -Wno-error=deprecated-declarations)
endif()
