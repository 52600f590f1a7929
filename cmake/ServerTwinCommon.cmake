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

# Precompiled headers: the Qt and standard headers most files include are parsed once per layer
# instead of once per file (a fifth to two fifths of each file's compile time; the sanitized CI
# build is the slowest stage of CI). One header set per layer, owned by one target and reused by
# the others of that layer (servertwin_pch), so each layer compiles it once. GCC refuses a
# precompiled header built with other options (CMake adds -Winvalid-pch; with SERVERTWIN_WERROR
# that is an error), so the owner and its users share their compile options.
option(SERVERTWIN_PCH "Precompile the Qt and standard headers most files include" ON)
set(SERVERTWIN_PCH_CORE_HEADERS
  <QByteArray> <QDateTime> <QDir> <QElapsedTimer> <QFile> <QFileInfo> <QHash> <QJsonArray>
  <QJsonDocument> <QJsonObject> <QList> <QObject> <QSet> <QString> <QStringList> <QTimer>
  <algorithm> <functional> <memory> <optional> <vector>)

# servertwin_pch(TARGET HEADERS h...): TARGET owns a precompiled header of these headers.
# servertwin_pch(TARGET FROM OWNER): TARGET reuses OWNER's (same compile options required).
function(servertwin_pch target)
  if(NOT SERVERTWIN_PCH)
    return()
  endif()
  cmake_parse_arguments(P "" "FROM" "HEADERS" ${ARGN})
  if(P_FROM)
    target_precompile_headers(${target} REUSE_FROM ${P_FROM})
  else()
    target_precompile_headers(${target} PRIVATE ${P_HEADERS})
  endif()
endfunction()
