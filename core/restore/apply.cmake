servertwin_core_module(st_apply
  SOURCES
    restore/StagingVerifier.h restore/StagingVerifier.cpp
    restore/TreeApplier.h restore/TreeApplier.cpp
  LIBS st_archive st_profile st_util PkgConfig::LIBACL)
