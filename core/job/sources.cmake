servertwin_core_module(st_jobs
  SOURCES
    job/BackupJob.h job/BackupJob.cpp
    job/CloneAfterBoot.h job/CloneAfterBoot.cpp
    job/CloneJob.h job/CloneJob.cpp
    job/ComponentsJob.h job/ComponentsJob.cpp
    job/ConfirmClonesJob.h job/ConfirmClonesJob.cpp
    job/HardwareCheckJob.h job/HardwareCheckJob.cpp
    job/Job.h job/Job.cpp
    job/ProtectionFootprint.h job/ProtectionFootprint.cpp
    job/InstallationQueue.h job/InstallationQueue.cpp
    job/JobQueue.h job/JobQueue.cpp
    job/JobThread.h job/JobThread.cpp
    job/RebootJob.h job/RebootJob.cpp
    job/RestoreFileJob.h job/RestoreFileJob.cpp
    job/SourcePreparation.h job/SourcePreparation.cpp
    job/WorkerThread.h
  LIBS st_component st_inventory st_snapshot st_quiesce st_transport st_trust st_report st_restore st_archive st_profile st_util Qt6::Network)
