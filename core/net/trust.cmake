servertwin_core_module(st_trust
  SOURCES
    net/Identity.h net/Identity.cpp
    net/PairingCode.h net/PairingCode.cpp
    net/PairingGuard.h net/PairingGuard.cpp
    net/PinStore.h net/PinStore.cpp
  LIBS st_util Qt6::Network OpenSSL::SSL OpenSSL::Crypto)
