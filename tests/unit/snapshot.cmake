# Snapshots (issue 3). Real btrfs tests run on loop devices (root); real LVM tests need
# device-mapper; both WARN "skipped: ..." where the machine cannot run them.
set(ST_SNAPSHOT_TEST_SUPPORT
  unit/snapshot/LoopBtrfs.h unit/snapshot/LoopBtrfs.cpp
  unit/snapshot/FakeRunner.h unit/snapshot/SnapshotTestUtil.h)

servertwin_add_test(test_snapshot
  SOURCES
    unit/snapshot/BtrfsSnapshotTest.cpp
    unit/snapshot/CommandRunnerTest.cpp
    unit/snapshot/LeftoverBtrfsTest.cpp
    unit/snapshot/LvmRealTest.cpp
    unit/snapshot/LvmSnapshotTest.cpp
    unit/snapshot/LvmVolumeTest.cpp
    unit/snapshot/MountTableTest.cpp
    unit/snapshot/SnapshotJournalTest.cpp
    unit/snapshot/SnapshotModeTest.cpp
    ${ST_SNAPSHOT_TEST_SUPPORT}
  LIBS st_snapshot st_profile st_util
  LABELS unit)

servertwin_add_test(test_snapshot_consistency
  SOURCES unit/snapshot/ConsistencyTest.cpp ${ST_SNAPSHOT_TEST_SUPPORT}
  LIBS st_snapshot st_profile st_util
  LABELS integration)
