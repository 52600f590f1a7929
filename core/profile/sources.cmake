servertwin_core_module(st_profile
  SOURCES
    profile/ChecklistItems.h profile/ChecklistItems.cpp
    profile/ExcludeMatcher.h profile/ExcludeMatcher.cpp
    profile/HostSpecificFiles.h profile/HostSpecificFiles.cpp
    profile/ProtectionProfile.h profile/ProtectionProfile.cpp
    profile/SelectionPlan.h profile/SelectionPlan.cpp
  LIBS st_util)
