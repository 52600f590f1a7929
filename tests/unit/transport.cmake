servertwin_add_test(test_transport
  SOURCES unit/transport/ProtocolTest.cpp unit/transport/MessagesTest.cpp
  LIBS st_transport st_util Qt6::Network
  LABELS unit)
