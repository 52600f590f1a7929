servertwin_add_test(test_archive
  SOURCES unit/archive/CloneWriterTest.cpp
  LIBS st_archive st_profile st_util PkgConfig::LIBARCHIVE
  LABELS unit)
