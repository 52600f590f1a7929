servertwin_add_test(test_agent
  SOURCES unit/agent/AdmissionControlTest.cpp unit/agent/AgentFootprintTest.cpp unit/agent/BootRegenerationTest.cpp
  LIBS st_agent st_util Qt6::Network
  LABELS unit)
