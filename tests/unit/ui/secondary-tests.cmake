list(APPEND ST_UI_TEST_SOURCES
  unit/ui/UiTestSupport.h unit/ui/UiTestSupport.cpp
  unit/ui/SecondaryConfigTest.cpp
  unit/ui/SecondaryPageTest.cpp)
