list(APPEND ST_UI_TEST_SOURCES
  unit/ui/SummaryConfigTest.cpp)
