servertwin_core_module(st_archive
  SOURCES
    archive/ByteStream.h
    archive/Manifest.h archive/Manifest.cpp
    archive/ZstdStream.h archive/ZstdStream.cpp
  LIBS st_util st_profile PkgConfig::LIBARCHIVE PkgConfig::ZSTD PkgConfig::LIBACL)
