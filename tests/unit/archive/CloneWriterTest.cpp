// SPDX-License-Identifier: GPL-3.0-or-later
// CloneWriter options that only the writer sees: read roots (snapshots) and live reads.
#include "archive/CloneWriter.h"
#include "support/TestTree.h"
#include "util/Sha256.h"

#include <QHash>

#include <archive.h>
#include <archive_entry.h>
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <unistd.h>


using namespace st;
using namespace st::test;

namespace {
struct MemorySink : ByteSink {
    QByteArray data;
    Status write(const char *d, size_t n) override
    {
        data.append(d, static_cast<qsizetype>(n));
        return {};
    }
    Status finish() override { return {}; }
};

/** Entry path -> content of every regular file in a .tar.zst held in memory. */
QHash<QByteArray, QByteArray> readArchive(const QByteArray &zst)
{
    QHash<QByteArray, QByteArray> out;
    archive *a = archive_read_new();
    archive_read_support_filter_zstd(a);
    archive_read_support_format_tar(a);
    REQUIRE(archive_read_open_memory(a, zst.constData(), static_cast<size_t>(zst.size())) == ARCHIVE_OK);
    archive_entry *e = nullptr;
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
        QByteArray content;
        char buf[65536];
        la_ssize_t n;
        while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
            content.append(buf, static_cast<qsizetype>(n));
        REQUIRE(n == 0);
        if (archive_entry_filetype(e) == AE_IFREG)
            out.insert(QByteArray(archive_entry_pathname(e)), content);
        else
            out.insert(QByteArray(archive_entry_pathname(e)), QByteArrayLiteral("<not a file>"));
    }
    archive_read_free(a);
    return out;
}

SelectionPlan planFor(const QByteArray &root, const QList<QByteArray> &includes)
{
    SelectionOverrides o;
    o.sourceRoot = root;
    o.includes = includes;
    auto plan = SelectionPlan::build(nullptr, o);
    REQUIRE(plan.ok());
    return *plan;
}
}  // namespace

TEST_CASE("an include root with a read root is read from there, its parents from the live tree")
{
    ScratchDir dir("readroots");
    writeFile(dir / "live/srv/app/config", "live content\n");
    writeFile(dir / "snap/app/config", "snapshot content\n");
    const SelectionPlan plan = planFor(dir / "live", {"/srv/app"});
    MemorySink sink;
    CloneWriterOptions options;
    options.readRoots.insert("srv/app", dir / "snap/app");
    CloneWriter writer(plan, sink, options, CancelToken());
    auto summary = writer.run();
    REQUIRE(summary.ok());
    const auto files = readArchive(sink.data);
    CHECK(files.value("srv/app/config") == "snapshot content\n");
    CHECK(files.contains("srv/"));
    CHECK(files.contains("srv/app/"));
    CHECK(summary->changedWhileRead.isEmpty());
}

TEST_CASE("live reads re-read a file that changes while it is read and report it when it never holds still")
{
    ScratchDir dir("liveread");
    writeFile(dir / "src/data/stable.conf", "stable\n");
    writeFile(dir / "src/data/busy.log", "start\n");
    writeFile(dir / "src/data/settles.log", "start\n");
    const SelectionPlan plan = planFor(dir / "src", {"/data"});
    auto append = [&](const QByteArray &rel) {
        const int fd = ::open((dir / "src/" + rel).constData(), O_WRONLY | O_APPEND);
        REQUIRE(fd >= 0);
        REQUIRE(::write(fd, "more\n", 5) == 5);
        ::close(fd);
    };
    int settlesReads = 0;
    MemorySink sink;
    CloneWriterOptions options;
    options.liveRead = true;
    // Small files are copied aside in memory, large ones into a temporary file: both paths.
    const bool viaTempFile = GENERATE(false, true);
    INFO((viaTempFile ? "copies in a temporary file" : "copies in memory"));
    if (viaTempFile)
        options.spoolLimit = 0;
    // Another process writing at the worst moment: busy.log changes during every read,
    // settles.log only during the first one.
    options.afterSpoolRead = [&](const QByteArray &rel) {
        if (rel == "data/busy.log" || (rel == "data/settles.log" && settlesReads++ == 0))
            append(rel);
    };
    CloneWriter writer(plan, sink, options, CancelToken());
    auto summary = writer.run();
    REQUIRE(summary.ok());
    CHECK(summary->changedWhileRead == QList<QByteArray>{"data/busy.log"});
    CHECK(summary->rereads == 3 + 1);  // busy: 3 re-reads, settles: 1
    // What was streamed is self-consistent: each header size matches the bytes that follow.
    const auto files = readArchive(sink.data);
    CHECK(files.value("data/stable.conf") == "stable\n");
    CHECK(files.value("data/settles.log") == "start\nmore\n");
    CHECK(files.value("data/busy.log").startsWith("start\nmore\nmore\nmore\n"));
}
