servertwin_core_module(st_report
  SOURCES
  LIBS st_util)
