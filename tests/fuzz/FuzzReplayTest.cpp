// SPDX-License-Identifier: GPL-3.0-or-later
// The fuzz harnesses in the ordinary build: every generated seed goes through each harness
// with its oracle (an oracle failure aborts the test). Keeps the harnesses building and their
// seeds meaningful without clang; scripts/run-fuzzers.sh does the actual fuzzing.
#include "FuzzSeeds.h"
#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>

#include <cstdint>

extern "C" int stFuzzProtocolOne(const uint8_t *data, size_t size);
extern "C" int stFuzzRestoreOne(const uint8_t *data, size_t size);

using namespace st::test;

namespace {
int replay(const QByteArray &dir, int (*harness)(const uint8_t *, size_t))
{
    int count = 0;
    const QStringList names = QDir(QString::fromLocal8Bit(dir)).entryList(QDir::Files, QDir::Name);
    for (const QString &name : names) {
        QFile f(QString::fromLocal8Bit(dir) + QLatin1Char('/') + name);
        REQUIRE(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        INFO(name.toStdString());
        CHECK(harness(reinterpret_cast<const uint8_t *>(data.constData()), static_cast<size_t>(data.size())) == 0);
        // Every prefix too: truncated streams and frames.
        for (qsizetype cut = 1; cut < data.size(); cut += std::max<qsizetype>(1, data.size() / 16))
            harness(reinterpret_cast<const uint8_t *>(data.constData()), static_cast<size_t>(cut));
        ++count;
    }
    return count;
}
}  // namespace

TEST_CASE("fuzz harnesses: every seed and its prefixes pass the protocol and restore oracles", "[fuzz]")
{
    ScratchDir dir("fuzz-seeds");
    writeFuzzSeeds(QString::fromLocal8Bit(dir.path()));
    CHECK(replay(dir / "protocol", &stFuzzProtocolOne) >= 14);
    CHECK(replay(dir / "restore", &stFuzzRestoreOne) >= 10);
}
