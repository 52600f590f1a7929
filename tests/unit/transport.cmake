servertwin_add_test(test_transport
  SOURCES unit/transport/ProtocolTest.cpp unit/transport/MessagesTest.cpp
  LIBS st_transport st_util Qt6::Network
  LABELS unit)
find_package(Qt6 REQUIRED COMPONENTS Test)
servertwin_add_test(test_transport_resume
  SOURCES unit/transport/ResumeFixture.h unit/transport/ResumeTest.cpp unit/transport/ResumeProtocolTest.cpp unit/transport/OperationTest.cpp unit/transport/HardwareCheckTest.cpp unit/transport/TcpRelay.h unit/transport/TcpRelay.cpp
  LIBS st_jobs st_agent st_transport st_trust st_restore st_archive st_profile st_report st_util Qt6::Network Qt6::Test
  LABELS unit)
