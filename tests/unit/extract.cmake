servertwin_add_test(test_extract
  SOURCES
    unit/extract/ExtractTestSupport.h unit/extract/ExtractTestSupport.cpp
    unit/extract/RoundTripTest.cpp
    unit/extract/HostileTest.cpp
    unit/extract/StreamFailureTest.cpp
    unit/extract/CloneWriterCompatTest.cpp
    unit/extract/BombTest.cpp
    unit/extract/TarStructureTest.cpp
  LIBS st_extract st_archive st_util PkgConfig::LIBARCHIVE PkgConfig::LIBACL
  LABELS unit)
