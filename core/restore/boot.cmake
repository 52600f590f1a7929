# Boot readiness of a staged clone on this Secondary (fstab/crypttab devices, staged kernels
# and their modules, drivers for this machine's disks and NICs, the boot loader's tools).
servertwin_core_module(st_bootcheck
  SOURCES
    restore/boot/BootCheck.h restore/boot/BootCheck.cpp
    restore/boot/BootFinding.h restore/boot/BootFinding.cpp
    restore/boot/BootLoaderCheck.h restore/boot/BootLoaderCheck.cpp
    restore/boot/DeviceResolver.h restore/boot/DeviceResolver.cpp
    restore/boot/DriverCheck.h restore/boot/DriverCheck.cpp
    restore/boot/FstabParser.h restore/boot/FstabParser.cpp
    restore/boot/KernelModules.h restore/boot/KernelModules.cpp
    restore/boot/MountCheck.h restore/boot/MountCheck.cpp
    restore/boot/MountInfo.h restore/boot/MountInfo.cpp
    restore/boot/RootedPath.h restore/boot/RootedPath.cpp
    restore/boot/SysfsDevices.h restore/boot/SysfsDevices.cpp
  LIBS st_util)
