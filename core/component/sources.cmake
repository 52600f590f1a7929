# Components (issue 14): signed bundles of what the clone image does not carry.
servertwin_core_module(st_component
  SOURCES
    component/DebianVersion.h component/DebianVersion.cpp
    component/ComponentManifest.h component/ComponentManifest.cpp
    component/ComponentSigning.h component/ComponentSigning.cpp
    component/ComponentBundle.h component/ComponentBundle.cpp
    component/BundleArchive.h component/BundleArchive.cpp
    component/InstallPlan.h component/InstallPlan.cpp
    component/ComponentJournal.h component/ComponentJournal.cpp
    component/ComponentActions.h component/ComponentActions.cpp
    component/ComponentOutcome.h component/ComponentOutcome.cpp
    component/ComponentInstaller.h component/ComponentInstaller.cpp
    component/ComponentMessages.h component/ComponentMessages.cpp
    component/DemoBundle.h component/DemoBundle.cpp
    component/HardwareSupport.h component/HardwareSupport.cpp
    component/PackageDatabase.h component/PackageDatabase.cpp
  LIBS st_util OpenSSL::Crypto PkgConfig::LIBARCHIVE)
