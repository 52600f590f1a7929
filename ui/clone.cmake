list(APPEND ST_UI_SOURCES
  config/StepText.h config/StepText.cpp
  config/CloneStages.h config/CloneStages.cpp
  config/CloneConfig.h config/CloneConfig.cpp
  widgets/StageProgressView.h widgets/StageProgressView.cpp
  pages/ClonePage.h pages/ClonePage.cpp)
