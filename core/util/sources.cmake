servertwin_core_module(st_util
  SOURCES
    util/CancelToken.h
    util/DurableFile.h util/DurableFile.cpp
    util/HumanBytes.h util/HumanBytes.cpp
    util/ChunkQueue.h
    util/ProgressCounters.h
    util/RawPath.h util/RawPath.cpp
    util/Result.h util/Result.cpp
    util/SafeFs.h util/SafeFs.cpp
    util/Sha256.h util/Sha256.cpp
    util/Stage.h util/Stage.cpp
    util/UniqueFd.h
    util/Version.h
  LIBS OpenSSL::Crypto)
