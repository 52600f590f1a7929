# The hardware checklist (step 4): one machine's inventory read from /sys, /proc and udev,
# the compatibility rules between two inventories, the functional checks after the reboot
# and the engineer's confirmations.
servertwin_core_module(st_inventory
  SOURCES
    inventory/CompatibilityRules.h inventory/CompatibilityRules.cpp
    inventory/Confirmations.h inventory/Confirmations.cpp
    inventory/DeviceModules.h inventory/DeviceModules.cpp
    inventory/FunctionalChecks.h inventory/FunctionalChecks.cpp
    inventory/Inventory.h inventory/Inventory.cpp
    inventory/InventoryMessages.h inventory/InventoryMessages.cpp
    inventory/InventoryReader.h inventory/InventoryReader.cpp
    inventory/InventoryRows.h inventory/InventoryRows.cpp
    inventory/InventorySources.h inventory/LiveHostFacts.cpp
    inventory/MachineProbe.h inventory/MachineProbe.cpp
    inventory/NicProbe.h inventory/NicProbe.cpp
    inventory/OsProbe.h inventory/OsProbe.cpp
    inventory/StorageProbe.h inventory/StorageProbe.cpp
  LIBS st_profile st_bootcheck st_util Qt6::Network)
