servertwin_add_test(test_profile
  SOURCES
    unit/profile/ExcludeMatcherTest.cpp
    unit/profile/ProtectionProfileTest.cpp
    unit/profile/SelectionPlanTest.cpp
    unit/profile/ShippedProfilesTest.cpp
  LIBS st_profile st_util
  LABELS unit)
