# The hardware checklist's core (issue 13): the inventory reader on synthetic and captured
# machines, its parsers, the wire messages, the compatibility rules, the functional checks
# and the confirmations.
servertwin_add_test(test_inventory
  SOURCES unit/inventory/ServerShape.h unit/inventory/ServerShape.cpp
          unit/inventory/InventoryReaderTest.cpp unit/inventory/InventoryParsersTest.cpp
          unit/inventory/CompatibilityRulesTest.cpp unit/inventory/ChecklistTest.cpp
          ${PROJECT_SOURCE_DIR}/resources/checklist.qrc
  LIBS st_inventory st_report st_util
  LABELS unit)
