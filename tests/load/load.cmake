# Hostile peers and load (issue 10): real agent processes on 127.0.0.1 against connections
# that never start TLS, never say Hello, flood Pings unpaired, or never read.
add_executable(st-hostile-peers load/HostilePeers.cpp)
target_link_libraries(st-hostile-peers PRIVATE st_transport st_trust st_util Qt6::Network)
servertwin_add_test(test_hostile_peers SERIAL
  SOURCES integration/AgentProcess.h integration/AgentProcess.cpp load/AgentProbe.h load/AgentProbe.cpp load/HostilePeerTest.cpp
  LIBS st_transport st_trust st_util Qt6::Network
  LABELS integration)
servertwin_add_test(test_load SERIAL
  SOURCES integration/AgentProcess.h integration/AgentProcess.cpp load/AgentProbe.h load/AgentProbe.cpp load/AgentLoadTest.cpp
  LIBS st_transport st_trust st_util Qt6::Network
  LABELS integration load)
foreach(t test_hostile_peers test_load)
  add_dependencies(${t} servertwin-cli servertwin-agent st-hostile-peers)
endforeach()
# Under AddressSanitizer the agent's memory is mostly shadow and quarantine: the tests still
# run every attack and check every outcome, but not the RSS bounds.
if(SERVERTWIN_SANITIZE)
  foreach(t test_hostile_peers test_load)
    target_compile_definitions(${t} PRIVATE ST_SANITIZED=1)
  endforeach()
endif()
