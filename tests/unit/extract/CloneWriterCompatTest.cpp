// SPDX-License-Identifier: GPL-3.0-or-later
// SecureExtractor reads what the real clone writer produces (pax, BINARY names, sparse maps,
// link resolver, manifest last, zstd framing), and the result matches the source tree.
#include "ExtractTestSupport.h"

#include "archive/CloneWriter.h"
#include "archive/ZstdStream.h"
#include "profile/SelectionPlan.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace st;
using namespace st::test;

TEST_CASE("extract: a stream from CloneWriter round trips", "[extract]")
{
    if (!isRoot()) {
        WARN("skipped: needs root (device nodes, foreign owners, security.capability)");
        return;
    }
    Sandbox box;
    const QByteArray src = box.path("source");
    makeSpecialCases(src);
    writeFile(src + "/names/cafe\xcc\x81-nfd", "decomposed name must keep its bytes\n");

    SelectionOverrides overrides;
    overrides.sourceRoot = src;
    overrides.includes = {QByteArray()};
    Result<SelectionPlan> plan = SelectionPlan::build(nullptr, overrides);
    INFO((plan ? std::string("plan ok") : plan.error().message.toStdString()));
    REQUIRE(plan.ok());

    MemorySink compressed;
    CloneWriter writer(*plan, compressed, CloneWriterOptions{}, CancelToken());
    Result<WriteSummary> written = writer.run();
    INFO((written ? std::string("written") : written.error().message.toStdString()));
    REQUIRE(written.ok());

    MemorySource raw(compressed.bytes, 65536);
    ZstdDecompressSource tar(raw);
    SecureExtractor extractor(box.stagingFd(), Sandbox::defaultOptions(), CancelToken());
    const Result<ExtractSummary> r = extractor.run(tar);
    INFO((r ? std::string("extracted") : r.error().message.toStdString()));
    REQUIRE(r.ok());
    CHECK(r->manifest.entries().size() == written->manifestEntries);
    CHECK(r->files == written->files);

    const QStringList diffs = compareTrees(src, box.staging());
    INFO(diffs.join(QLatin1Char('\n')).toStdString());
    CHECK(diffs.isEmpty());
    struct stat sparse{};
    REQUIRE(lstat((box.staging() + "/sparse/holes.img").constData(), &sparse) == 0);
    CHECK(sparse.st_blocks * 512 < 1 << 20);
}
