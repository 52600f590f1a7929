servertwin_add_test(test_apply
  SOURCES
    unit/apply/ApplyTestSupport.h unit/apply/ApplyTestSupport.cpp
    unit/apply/ApplyPreflightTest.cpp
    unit/apply/StagingVerifierTest.cpp
    unit/apply/TreeApplierTest.cpp
  LIBS st_apply st_archive st_profile st_util
  LABELS unit)
