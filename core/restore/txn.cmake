servertwin_core_module(st_txn
  SOURCES
    restore/txn/ApplyPlanner.h restore/txn/ApplyPlanner.cpp
    restore/txn/ApplyStep.h restore/txn/ApplyStep.cpp
    restore/txn/ApplyTransaction.h restore/txn/ApplyTransaction.cpp
    restore/txn/PlanFile.h restore/txn/PlanFile.cpp
    restore/txn/StagingAreas.h restore/txn/StagingAreas.cpp
    restore/txn/TransactionState.h restore/txn/TransactionState.cpp
  LIBS st_apply st_archive st_profile st_util)
