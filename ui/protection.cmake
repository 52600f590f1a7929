# The Protection set step (page 3): profile load/save, detected applications, the directory tree
# with include/exclude, the data opt-in, the snapshot mode and the estimate. The built-in profiles
# and application catalog are compiled in (ProtectionConfig registers them with Q_INIT_RESOURCE).
list(APPEND ST_UI_SOURCES
  config/ProtectionConfig.h config/ProtectionConfig.cpp config/ProtectionApplications.cpp
  config/ProtectionTreeModel.h config/ProtectionTreeModel.cpp
  config/ProtectionTreeNode.h config/ProtectionTreeEdits.cpp
  config/ProtectionApplicationsModel.h config/ProtectionApplicationsModel.cpp
  pages/ProtectionPage.h pages/ProtectionPage.cpp
  widgets/InlineMessage.h widgets/InlineMessage.cpp
  ${PROJECT_SOURCE_DIR}/resources/profiles.qrc
  ${PROJECT_SOURCE_DIR}/resources/catalog.qrc)
