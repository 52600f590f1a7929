list(APPEND ST_UI_SOURCES
  config/HardwareRows.h config/HardwareRows.cpp
  config/HardwareConfig.h config/HardwareConfig.cpp
  widgets/HardwareTable.h widgets/HardwareTable.cpp
  widgets/ConfirmationList.h widgets/ConfirmationList.cpp
  pages/HardwarePage.h pages/HardwarePage.cpp
  # The shipped checklist is compiled in (HardwareConfig registers it with Q_INIT_RESOURCE).
  ${PROJECT_SOURCE_DIR}/resources/checklist.qrc)
