list(APPEND ST_UI_SOURCES
  config/ComponentsConfig.h config/ComponentsConfig.cpp
  config/ComponentsReportHtml.h config/ComponentsReportHtml.cpp
  pages/ComponentsPage.h pages/ComponentsPage.cpp)
