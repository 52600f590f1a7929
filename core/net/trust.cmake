servertwin_core_module(st_trust
  SOURCES
    net/Identity.h net/Identity.cpp
    net/PairingCode.h net/PairingCode.cpp
    net/PairingGuard.h net/PairingGuard.cpp
    net/PairingLockoutFile.h net/PairingLockoutFile.cpp
    net/PinStore.h net/PinStore.cpp
    net/StateDirectory.h net/StateDirectory.cpp
  LIBS st_util Qt6::Network OpenSSL::SSL OpenSSL::Crypto)
