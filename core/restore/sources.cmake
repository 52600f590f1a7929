# Restore on the Secondary: extraction into staging, verification, apply into the root, and the
# check that a staged clone would boot here (st_bootcheck).
# Each part is its own library; st_restore bundles them with the pipeline that runs them.
include(restore/extract.cmake)
include(restore/apply.cmake)
include(restore/txn.cmake)
include(restore/boot.cmake)
servertwin_core_module(st_restore
  SOURCES
    restore/RestorePipeline.h restore/RestorePipeline.cpp
  LIBS st_extract st_apply st_txn st_archive st_profile st_util)
