add_library(st_report INTERFACE)
