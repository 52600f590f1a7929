list(APPEND ST_UI_SOURCES
  config/ReportHtml.h
  config/HardwareReportHtml.h config/HardwareReportHtml.cpp
  config/InstallationReport.h config/InstallationReport.cpp
  config/SummaryConfig.h config/SummaryConfig.cpp
  pages/SummaryPage.h pages/SummaryPage.cpp)
