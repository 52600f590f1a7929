servertwin_core_module(st_transport
  SOURCES
    net/AgentConnection.h net/AgentConnection.cpp
    net/JsonFields.h
    net/Messages.h net/Messages.cpp
    net/Operation.h net/Operation.cpp
    net/Protocol.h net/Protocol.cpp
    net/SecondaryLink.h net/SecondaryLink.cpp
    net/SystemMessages.h net/SystemMessages.cpp
    net/TlsPolicy.h net/TlsPolicy.cpp
  LIBS st_trust st_util Qt6::Network)
