servertwin_add_test(test_bootcheck
  SOURCES
    unit/bootcheck/BootFixture.h unit/bootcheck/BootFixture.cpp
    unit/bootcheck/ParserTest.cpp
    unit/bootcheck/MountCheckTest.cpp
    unit/bootcheck/KernelDriverTest.cpp
    unit/bootcheck/BootLoaderTest.cpp
    unit/bootcheck/RealHostTest.cpp
  LIBS st_bootcheck st_util
  LABELS unit)
