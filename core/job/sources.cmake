add_library(st_jobs INTERFACE)
