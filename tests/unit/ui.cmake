# test_ui: the wizard. Page configs are tested without widgets (fake SystemProbe); the shell
# and pages on the offscreen platform. Widgets need a QApplication, so test_ui has its own
# Catch main (unit/ui/UiTestMain.cpp) instead of st_testsupport's QCoreApplication main.
if(NOT TARGET st_ui)  # SERVERTWIN_BUILD_WIZARD=OFF
  return()
endif()
find_package(Qt6 6.4 REQUIRED COMPONENTS Test Widgets)

set(ST_UI_TEST_SOURCES)
foreach(step secondary protection clone hardware components summary wizard)
  include(${CMAKE_CURRENT_SOURCE_DIR}/unit/ui/${step}-tests.cmake OPTIONAL)
endforeach()
add_executable(test_ui
  unit/ui/UiTestMain.cpp
  ${ST_UI_TEST_SOURCES}
  unit/ui/FakeSystemProbe.h
  unit/ui/LatencyProbe.h
  unit/ui/PreflightChecksTest.cpp
  unit/ui/WelcomeConfigTest.cpp
  unit/ui/LocalSystemProbeTest.cpp
  unit/ui/WizardWindowTest.cpp
  unit/ui/WelcomePageTest.cpp
  unit/ui/TranslationTest.cpp)
target_link_libraries(test_ui PRIVATE servertwin_common st_ui st_testtree Qt6::Widgets Qt6::Test Catch2::Catch2)
target_include_directories(test_ui PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
servertwin_pch(test_ui FROM st_testtree)
set_source_files_properties(unit/ui/UiTestMain.cpp PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
target_compile_definitions(test_ui PRIVATE ST_BINARY_DIR="${PROJECT_BINARY_DIR}" ST_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
if(SERVERTWIN_SANITIZE)  # LatencyProbe.h: a wider GUI latency budget under the sanitizers
  target_compile_definitions(test_ui PRIVATE ST_SANITIZED=1)
endif()
catch_discover_tests(test_ui TEST_PREFIX "test_ui:" PROPERTIES LABELS unit TIMEOUT 300)
if(TARGET st_ui_lrelease)  # the translations are built and embedded: test that they load
  target_compile_definitions(test_ui PRIVATE ST_UI_TRANSLATIONS=1)
endif()
