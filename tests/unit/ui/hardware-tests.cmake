# The Hardware step: its config against a real demo agent after a clone and reboot, its rows,
# and the page offscreen.
list(APPEND ST_UI_TEST_SOURCES
  unit/ui/HardwareConfigTest.cpp
  unit/ui/HardwarePageTest.cpp)
