servertwin_core_module(st_apply
  SOURCES
    restore/StagingArea.h restore/StagingArea.cpp
    restore/StagingVerifier.h restore/StagingVerifier.cpp
    restore/TreeApplier.h restore/TreeApplier.cpp
    restore/apply/ApplyPaths.h restore/apply/ApplyPaths.cpp
    restore/apply/ApplyPreflight.h restore/apply/ApplyPreflight.cpp
    restore/apply/CachedDir.h
    restore/apply/ChangeChecks.h restore/apply/ChangeChecks.cpp
    restore/apply/CrossDeviceCopy.h restore/apply/CrossDeviceCopy.cpp
    restore/apply/FsWalk.h restore/apply/FsWalk.cpp
    restore/apply/MetadataCopy.h restore/apply/MetadataCopy.cpp
    restore/apply/SparseReader.h restore/apply/SparseReader.cpp
    restore/apply/StagedEntry.h restore/apply/StagedEntry.cpp
    restore/apply/StagedTrees.h restore/apply/StagedTrees.cpp
    restore/apply/TreeMirror.h restore/apply/TreeMirror.cpp
  LIBS st_archive st_profile st_util PkgConfig::LIBACL)
