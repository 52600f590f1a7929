servertwin_add_test(test_txn
  SOURCES
    unit/apply/ApplyTestSupport.h unit/apply/ApplyTestSupport.cpp
    unit/txn/TxnFixture.h unit/txn/TxnFixture.cpp
    unit/txn/ApplyTransactionTest.cpp
    unit/txn/StagingAreasTest.cpp
  LIBS st_txn st_apply st_archive st_profile st_util
  LABELS unit)
