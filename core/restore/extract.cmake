servertwin_core_module(st_extract
  SOURCES
    restore/SecureExtractor.h restore/SecureExtractor.cpp
  LIBS st_archive st_util PkgConfig::LIBARCHIVE PkgConfig::LIBACL)
