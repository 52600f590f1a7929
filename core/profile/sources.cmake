servertwin_core_module(st_profile
  SOURCES
    profile/ExcludeMatcher.h
    profile/ProtectionProfile.h
    profile/SelectionPlan.h
  LIBS st_util)
