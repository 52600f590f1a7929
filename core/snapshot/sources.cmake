servertwin_core_module(st_snapshot
  SOURCES
    snapshot/Snapshot.h snapshot/Snapshot.cpp
    snapshot/SnapshotMode.cpp
    snapshot/BtrfsVolume.h snapshot/BtrfsVolume.cpp
    snapshot/CommandRunner.h snapshot/CommandRunner.cpp
    snapshot/LeftoverCleanup.h snapshot/LeftoverCleanup.cpp
    snapshot/LvmVolume.h snapshot/LvmVolume.cpp
    snapshot/MountTable.h snapshot/MountTable.cpp
    snapshot/SnapshotEnvironment.h
    snapshot/SnapshotJournal.h snapshot/SnapshotJournal.cpp
    snapshot/SnapshotPlanner.h snapshot/SnapshotPlanner.cpp
    snapshot/SnapshotSetImpl.h snapshot/SnapshotSetImpl.cpp
  LIBS st_profile st_util)
