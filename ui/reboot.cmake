list(APPEND ST_UI_SOURCES
  config/RebootConfig.h config/RebootConfig.cpp
  widgets/RebootPhaseView.h widgets/RebootPhaseView.cpp
  pages/RebootPage.h pages/RebootPage.cpp)
