# Components (issue 14): manifests from untrusted bytes, Debian version order, Ed25519
# signatures and the bundle checks on real scratch directories, the install plan.
servertwin_add_test(test_component
  SOURCES unit/component/ComponentManifestTest.cpp unit/component/ComponentBundleTest.cpp unit/component/InstallPlanTest.cpp unit/component/ComponentInstallerTest.cpp unit/component/ComponentMessagesTest.cpp unit/component/HardwareSupportTest.cpp
  LIBS st_component st_util
  LABELS unit)
