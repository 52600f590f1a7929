list(APPEND ST_UI_SOURCES
  session/DemoSecondary.h session/DemoSecondary.cpp
  config/TargetConfig.h config/TargetConfig.cpp
  config/SecondaryConfig.h config/SecondaryConfig.cpp
  widgets/PageParts.h widgets/PageParts.cpp
  widgets/TargetBox.h widgets/TargetBox.cpp
  pages/SecondaryPage.h pages/SecondaryPage.cpp)
