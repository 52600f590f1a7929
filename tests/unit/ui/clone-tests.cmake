list(APPEND ST_UI_TEST_SOURCES
  unit/ui/CloneStagesTest.cpp
  unit/ui/CloneConfigTest.cpp
  unit/ui/LatencyProbeTest.cpp)
list(APPEND ST_UI_TEST_SOURCES
  unit/ui/RebootConfigTest.cpp)
