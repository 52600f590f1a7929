servertwin_core_module(st_transport
  SOURCES
    net/Messages.h net/Messages.cpp
    net/Protocol.h net/Protocol.cpp
    net/SecondaryLink.h net/SecondaryLink.cpp
    net/TlsPolicy.h net/TlsPolicy.cpp
  LIBS st_trust st_util Qt6::Network)
