servertwin_core_module(st_quiesce
  SOURCES
    quiesce/ApplicationCatalog.h quiesce/ApplicationCatalog.cpp
    quiesce/HookProcess.h quiesce/HookProcess.cpp
    quiesce/Estimate.h quiesce/Estimate.cpp
    quiesce/Quiescer.h quiesce/Quiescer.cpp
    quiesce/SystemFacts.h quiesce/SystemFacts.cpp
  LIBS st_profile st_archive st_util PkgConfig::ZSTD)
