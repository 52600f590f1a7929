# Integration: real servertwin-agent and servertwin-cli processes over loopback TLS.
servertwin_add_test(test_integration
  SOURCES integration/AgentProcess.h integration/AgentProcess.cpp integration/CloneIntegrationTest.cpp
          integration/OfflineRouteTest.cpp integration/PairingIntegrationTest.cpp
          integration/SnapshotBackupTest.cpp integration/ConsistentCloneTest.cpp unit/snapshot/LoopBtrfs.h unit/snapshot/LoopBtrfs.cpp
  LIBS st_util Qt6::Core
  LABELS integration)
add_dependencies(test_integration servertwin-cli servertwin-agent)
