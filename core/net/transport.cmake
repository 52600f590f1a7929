servertwin_core_module(st_transport
  SOURCES
    util/Version.h
  LIBS st_trust st_util Qt6::Network)
