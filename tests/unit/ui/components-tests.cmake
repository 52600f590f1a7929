# The Components step: its config against a real demo agent after a clone and reboot (install,
# refusal, failure rolled back, cancel, rollback), and the page offscreen.
list(APPEND ST_UI_TEST_SOURCES
  unit/ui/ComponentsConfigTest.cpp
  unit/ui/ComponentsPageTest.cpp)
