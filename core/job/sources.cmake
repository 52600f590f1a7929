servertwin_core_module(st_jobs
  SOURCES
  LIBS st_net st_report st_restore st_archive st_profile st_util Qt6::Network)
