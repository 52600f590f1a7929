servertwin_add_test(test_quiesce
  SOURCES
    unit/quiesce/QuiescerTest.cpp
    unit/quiesce/ProfileQuiesceTest.cpp
    unit/quiesce/ApplicationCatalogTest.cpp
    unit/quiesce/EstimateTest.cpp
    ${PROJECT_SOURCE_DIR}/resources/catalog.qrc
  LIBS st_quiesce st_archive st_profile st_util
  LABELS unit)
