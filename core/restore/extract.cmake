servertwin_core_module(st_extract
  SOURCES
    restore/SecureExtractor.h restore/SecureExtractor.cpp
    restore/extract/ManifestCrossCheck.h restore/extract/ManifestCrossCheck.cpp
    restore/extract/MetadataWriter.h restore/extract/MetadataWriter.cpp
    restore/extract/StagingTree.h restore/extract/StagingTree.cpp
    restore/extract/ExtractLimits.h
    restore/extract/TarReader.h restore/extract/TarReader.cpp
    restore/extract/TarStreamGuard.h restore/extract/TarStreamGuard.cpp
  LIBS st_archive st_util PkgConfig::LIBARCHIVE PkgConfig::LIBACL)
