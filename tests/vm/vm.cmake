# The lab (issue 11): two real Debian 12 guests in qemu, the packages installed from .debs.
# Registered only with -DSERVERTWIN_VM_TESTS=ON (.ci/run turns it on after building the .debs):
# it needs root, qemu, the apt mirror for the guest image and about ten minutes.
option(SERVERTWIN_VM_TESTS "Register the lab tests (ctest -L vm): qemu guests, needs the .debs" OFF)
set(SERVERTWIN_LAB_DEBS "${PROJECT_BINARY_DIR}/debs" CACHE PATH
    "Directory with the servertwin and servertwin-agent .debs the lab installs (scripts/build-debs.sh DIR)")
if(SERVERTWIN_VM_TESTS)
  add_test(NAME "vm:clone in the lab, apply at boot, rollback, purge"
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/vm/lab-clone.sh ${SERVERTWIN_LAB_DEBS})
  set_tests_properties("vm:clone in the lab, apply at boot, rollback, purge" PROPERTIES LABELS vm TIMEOUT 3600 RUN_SERIAL ON)
endif()
