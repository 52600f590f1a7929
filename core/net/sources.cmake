include(net/trust.cmake)
include(net/transport.cmake)
add_library(st_net INTERFACE)
target_link_libraries(st_net INTERFACE st_transport st_trust)
