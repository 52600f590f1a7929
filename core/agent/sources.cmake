servertwin_core_module(st_agent
  SOURCES
    agent/AdmissionControl.h agent/AdmissionControl.cpp
    agent/AgentFootprint.h agent/AgentFootprint.cpp
    agent/BootApplier.h agent/BootApplier.cpp
    agent/BootRegeneration.h agent/BootRegeneration.cpp
    agent/AgentConfig.h
    agent/AgentControl.h agent/AgentControl.cpp
    agent/AgentListener.h agent/AgentListener.cpp
    agent/AgentServer.h agent/AgentServer.cpp
    agent/AgentSession.h agent/AgentSession.cpp
    agent/BootIdentity.h agent/BootIdentity.cpp
    agent/KernelErrorProbe.h agent/KernelErrorProbe.cpp
    agent/SystemdProbe.h agent/SystemdProbe.cpp
    agent/service/AgentService.h
    agent/service/CloneServices.h agent/service/CloneServices.cpp
    agent/service/ComponentServices.h agent/service/ComponentServices.cpp
    agent/service/InventoryService.h agent/service/InventoryService.cpp
    agent/service/OperationCall.h agent/service/OperationCall.cpp
    agent/service/RebootDriver.h agent/service/RebootDriver.cpp
    agent/service/ServiceRegistry.h agent/service/ServiceRegistry.cpp
    agent/service/SystemServices.h agent/service/SystemServices.cpp
    agent/CloneReceiver.h agent/CloneReceiver.cpp
    agent/ComponentDesk.h agent/ComponentDesk.cpp
    agent/OutcomeRecord.h agent/OutcomeRecord.cpp
    agent/RestoreReportJson.h agent/RestoreReportJson.cpp
    agent/RestoreWorker.h agent/RestoreWorker.cpp
    agent/SpoolRoom.h agent/SpoolRoom.cpp
    agent/StreamSpool.h agent/StreamSpool.cpp
  LIBS st_component st_inventory st_restore st_txn st_bootcheck st_snapshot st_transport st_trust st_util Qt6::Network)
