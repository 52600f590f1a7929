find_package(Qt6 REQUIRED COMPONENTS Test)
servertwin_add_test(test_job
  SOURCES unit/job/JobContractTest.cpp unit/job/JobQueueTest.cpp unit/job/CloneAfterBootTest.cpp unit/job/FileJobsTest.cpp unit/job/CloneJobTest.cpp unit/job/InstallationRecordTest.cpp
  LIBS st_jobs st_agent st_transport st_trust st_restore st_archive st_profile st_report st_util Qt6::Network Qt6::Test
  LABELS unit)
