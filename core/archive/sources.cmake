servertwin_core_module(st_archive
  SOURCES
    archive/ByteStream.h
    archive/CloneWriter.h archive/CloneWriter.cpp
    archive/Manifest.h archive/Manifest.cpp
    archive/ManifestParser.h archive/ManifestParser.cpp
    archive/QueueStreams.h archive/QueueStreams.cpp
    archive/SourceWalker.h archive/SourceWalker.cpp
    archive/ZstdStream.h archive/ZstdStream.cpp
  LIBS st_util st_profile Qt6::Network PkgConfig::LIBARCHIVE PkgConfig::ZSTD PkgConfig::LIBACL)
