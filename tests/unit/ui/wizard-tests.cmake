list(APPEND ST_UI_TEST_SOURCES
  unit/ui/WizardFlowTest.cpp)
