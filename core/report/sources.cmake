servertwin_core_module(st_report
  SOURCES
    report/CloneReport.h report/CloneReport.cpp
    report/RebootReport.h report/RebootReport.cpp
    report/HardwareReport.h report/HardwareReport.cpp
    report/ComponentsReport.h report/ComponentsReport.cpp
    report/InstallationRecord.h report/InstallationRecord.cpp
  LIBS st_component st_inventory st_util)
