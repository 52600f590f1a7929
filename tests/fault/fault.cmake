# Fault suite (root only): real agent and cli in two network namespaces joined by veth, with
# link cuts, loss, hangs, resets, shaping, corruption/delay (servertwin-fault-proxy) and agent
# kills. scripts/fault/run-fault-suite.sh runs it and prints the report table.
find_package(Threads REQUIRED)
add_executable(servertwin-fault-proxy fault/FaultProxy.cpp)
target_link_libraries(servertwin-fault-proxy PRIVATE servertwin_common Threads::Threads)
set_target_properties(servertwin-fault-proxy PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/app)
servertwin_add_test(test_fault SERIAL
  SOURCES fault/NetLab.h fault/NetLab.cpp fault/FaultSuiteTest.cpp
  LIBS st_util Qt6::Core
  LABELS fault)
add_dependencies(test_fault servertwin-cli servertwin-agent servertwin-fault-proxy)
