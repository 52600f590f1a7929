// SPDX-License-Identifier: GPL-3.0-or-later
// The pre-backup estimate on generated trees: compressible text versus random data.
#include "quiesce/Estimate.h"

#include "archive/SourceWalker.h"

#include "support/TestTree.h"

#include <QRandomGenerator>

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace st;

namespace {

QByteArray textData(qsizetype size, int seed)
{
    QByteArray out;
    out.reserve(size + 100);
    for (int line = 0; out.size() < size; ++line)
        out += "line " + QByteArray::number(line) + " of file " + QByteArray::number(seed)
               + ": the quick brown fox jumps over the lazy dog\n";
    out.truncate(size);
    return out;
}

QByteArray randomData(qsizetype size)
{
    QByteArray out(size, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(out.data()), size / 4);
    return out;
}

SelectionPlan planOf(const QByteArray &root, const QList<QByteArray> &includes)
{
    Result<SelectionPlan> plan = SelectionPlan::build(nullptr, SelectionOverrides{includes, {}, root});
    if (!plan.ok())
        FAIL(plan.error().message.toStdString());
    return plan.value();
}

void checkMatchesScan(const BackupEstimate &e, const SelectionPlan &plan)
{
    const ScanTotals scan = scanSelection(plan, CancelToken()).value();
    CHECK(e.files == scan.files);
    CHECK(e.bytes == scan.bytes);
    CHECK(e.entries == scan.entries);
}

}  // namespace

TEST_CASE("the estimate tells compressible text from random data")
{
    test::ScratchDir dir("estimate");
    for (int i = 0; i < 24; ++i) {
        test::writeFile(dir / "text/f" + QByteArray::number(i) + ".txt", textData(200 * 1024 + i * 1000, i));
        test::writeFile(dir / "random/f" + QByteArray::number(i) + ".bin", randomData(200 * 1024 + i * 1000));
    }
    test::writeFile(dir / "text/empty", QByteArray());
    REQUIRE(::link((dir / "text/f0.txt").constData(), (dir / "text/f0.hardlink").constData()) == 0);

    const SelectionPlan textPlan = planOf(dir.path(), {"/text"});
    Result<BackupEstimate> text = estimateBackup(textPlan, 3, CancelToken());
    REQUIRE(text.ok());
    checkMatchesScan(*text, textPlan);
    CHECK(text->files == 25);  // the hard link carries no data
    CHECK(text->sampleBytes == text->bytes);  // under the sample budget: all of it
    CHECK(text->sampleFiles == 24);           // the empty file has nothing to sample
    CHECK(text->compressionRatio < 0.2);
    CHECK(text->estimatedCompressedBytes < text->bytes / 4);
    CHECK(text->zstdLevel == 3);

    const SelectionPlan randomPlan = planOf(dir.path(), {"/random"});
    Result<BackupEstimate> random = estimateBackup(randomPlan, 3, CancelToken());
    REQUIRE(random.ok());
    checkMatchesScan(*random, randomPlan);
    CHECK(random->files == 24);
    CHECK(random->compressionRatio > 0.95);
    CHECK(random->estimatedCompressedBytes > random->bytes * 95 / 100);

    for (const BackupEstimate *e : {&text.value(), &random.value()}) {
        CHECK(e->readBytesPerSecond > 0);
        CHECK(e->compressBytesPerSecond > 0);
        CHECK(e->cores >= 1);
        CHECK(e->estimatedDurationMs >= 0);
        CHECK(e->estimatedDurationMs < 60 * 1000);
    }
}

TEST_CASE("over the sample budget the estimate samples about 32 MiB spread over the tree")
{
    test::ScratchDir dir("estimate-large");
    // 48 MiB: half text, half random, interleaved by name so both halves are spread.
    for (int i = 0; i < 48; ++i) {
        const QByteArray name = dir / "data/f" + QByteArray::number(100 + i);
        test::writeFile(name, i % 2 ? randomData(1024 * 1024) : textData(1024 * 1024, i));
    }
    const SelectionPlan plan = planOf(dir.path(), {"/data"});
    Result<BackupEstimate> e = estimateBackup(plan, 1, CancelToken());
    REQUIRE(e.ok());
    checkMatchesScan(*e, plan);
    CHECK(e->bytes == 48 * 1024 * 1024);
    CHECK(e->sampleBytes <= 32 * 1024 * 1024);
    CHECK(e->sampleBytes >= 24 * 1024 * 1024);
    CHECK(e->sampleFiles == 48);  // every file is hit: samples are spread by bytes
    CHECK(e->compressionRatio > 0.4);
    CHECK(e->compressionRatio < 0.65);
    CHECK(e->zstdLevel == 1);
}

TEST_CASE("estimate errors: level out of range, cancelled")
{
    test::ScratchDir dir("estimate-errors");
    test::writeFile(dir / "a/file", "x");
    const SelectionPlan plan = planOf(dir.path(), {"/a"});
    for (int level : {0, -1, 23}) {
        Result<BackupEstimate> e = estimateBackup(plan, level, CancelToken());
        REQUIRE_FALSE(e.ok());
        CHECK(e.error().code == ErrorCode::InvalidArgument);
        CHECK(e.error().message.contains(QStringLiteral("zstd level")));
    }
    CancelToken cancel;
    cancel.cancel();
    Result<BackupEstimate> cancelled = estimateBackup(plan, 3, cancel);
    REQUIRE_FALSE(cancelled.ok());
    CHECK(cancelled.error().code == ErrorCode::Cancelled);
}
