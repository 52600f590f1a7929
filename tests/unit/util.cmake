servertwin_add_test(test_util
  SOURCES unit/util/RawPathTest.cpp unit/util/StageTest.cpp unit/util/ManifestTest.cpp unit/util/ZstdStreamTest.cpp
  LIBS st_util st_archive
  LABELS unit)
