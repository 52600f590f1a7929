# Restore on the Secondary: extraction into staging, verification, apply into the root.
# Each part is its own library; st_restore bundles them.
include(restore/extract.cmake)
include(restore/apply.cmake)
add_library(st_restore INTERFACE)
target_link_libraries(st_restore INTERFACE st_extract st_apply)
