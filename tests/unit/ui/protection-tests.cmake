# The Protection set step: its config and models without widgets (on scratch trees), the page offscreen.
list(APPEND ST_UI_TEST_SOURCES
  unit/ui/ProtectionConfigTest.cpp
  unit/ui/ProtectionTreeModelTest.cpp
  unit/ui/ProtectionPageTest.cpp)
