servertwin_core_module(st_net
  SOURCES
  LIBS st_util Qt6::Network OpenSSL::SSL OpenSSL::Crypto)
