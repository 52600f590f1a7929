# Integration: real servertwin-agent and servertwin-cli processes over loopback TLS.
servertwin_add_test(test_integration SERIAL
  SOURCES integration/AgentProcess.h integration/AgentProcess.cpp integration/CloneIntegrationTest.cpp
          integration/OfflineRouteTest.cpp integration/PairingIntegrationTest.cpp
          integration/SnapshotBackupTest.cpp integration/ConsistentCloneTest.cpp integration/StagedCloneTest.cpp integration/ComponentsIntegrationTest.cpp unit/snapshot/LoopBtrfs.h unit/snapshot/LoopBtrfs.cpp
  LIBS st_util Qt6::Core
  LABELS integration)
add_dependencies(test_integration servertwin-cli servertwin-agent)
# Security and hostile input (issue 5): TLS 1.2 and man-in-the-middle refusals, code secrecy,
# planted symlinks across restores, full disk on a loop-mounted ext4.
servertwin_add_test(test_security SERIAL
  SOURCES integration/AgentProcess.h integration/AgentProcess.cpp integration/TrustAttackTest.cpp
          integration/HostileRestoreTest.cpp integration/FullDiskTest.cpp
          unit/extract/ExtractTestSupport.h unit/extract/ExtractTestSupport.cpp
  LIBS st_transport st_trust st_extract st_archive st_util Qt6::Network PkgConfig::LIBARCHIVE PkgConfig::LIBACL
  LABELS integration)
target_include_directories(test_security PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/extract)
add_dependencies(test_security servertwin-cli servertwin-agent)
