find_package(Qt6 6.4 REQUIRED COMPONENTS Test)
servertwin_add_test(test_trust
  SOURCES
    unit/trust/IdentityTest.cpp
    unit/trust/PairingCodeTest.cpp
    unit/trust/PairingGuardTest.cpp
    unit/trust/PinStoreTest.cpp
    unit/trust/TlsHandshakeTest.cpp
    unit/trust/PairingEntropyTest.cpp
    unit/trust/StateFilesTest.cpp
  LIBS st_trust st_util Qt6::Network Qt6::Test OpenSSL::Crypto
  LABELS unit)
