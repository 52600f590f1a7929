servertwin_core_module(st_report
  SOURCES
    report/CloneReport.h report/CloneReport.cpp
    report/RebootReport.h report/RebootReport.cpp
    report/InstallationRecord.h report/InstallationRecord.cpp
  LIBS st_util)
