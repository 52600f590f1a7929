servertwin_core_module(st_restore
  SOURCES
  LIBS st_archive st_profile st_util PkgConfig::LIBARCHIVE PkgConfig::LIBACL)
