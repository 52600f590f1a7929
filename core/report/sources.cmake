servertwin_core_module(st_report
  SOURCES
    report/CloneReport.h report/CloneReport.cpp
  LIBS st_util)
