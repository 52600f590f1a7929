// SPDX-License-Identifier: GPL-3.0-or-later
// Quiescer with real processes: /bin/sh scripts append to a log file so the order is checked.
#include "quiesce/HookProcess.h"
#include "quiesce/Quiescer.h"

#include "support/TestTree.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <catch2/catch.hpp>

#include <signal.h>

using namespace st;

namespace {

struct Fixture {
    test::ScratchDir dir{"quiescer"};
    QString log = QString::fromUtf8(dir / "order.log");

    /** argv running @p script with the log file as $1; "" gives no command. */
    QStringList sh(const QString &script) const
    {
        if (script.isEmpty())
            return {};
        return {QStringLiteral("/bin/sh"), QStringLiteral("-c"), script, QStringLiteral("sh"), log};
    }
    /** A freeze/thaw pair that logs "freeze <id>" / "thaw <id>". */
    QuiesceAction logging(const QString &id) const
    {
        return QuiesceAction{id, sh(QStringLiteral("echo freeze %1 >> \"$1\"").arg(id)),
                             sh(QStringLiteral("echo thaw %1 >> \"$1\"").arg(id)), 10, 10};
    }
    QStringList lines() const
    {
        QFile file(log);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }
};

QStringList words(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *w : list)
        out << QString::fromUtf8(w);
    return out;
}

/** Whether @p pid still runs (a zombie waiting for its reaper counts as gone). */
bool running(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.size() > close + 2 && text.at(close + 2) != 'Z' && text.at(close + 2) != 'X';
}

}  // namespace

TEST_CASE("freeze runs in profile order, thaw in reverse order")
{
    Fixture f;
    QuiesceAction onlyFreeze{QStringLiteral("d"), f.sh(QStringLiteral("echo freeze d >> \"$1\"")), {}, 10, 10};
    QuiesceAction onlyThaw{QStringLiteral("e"), {}, f.sh(QStringLiteral("echo thaw e >> \"$1\"")), 10, 10};
    Quiescer q({f.logging(QStringLiteral("a")), f.logging(QStringLiteral("b")), onlyFreeze, onlyThaw,
                f.logging(QStringLiteral("c"))});
    CHECK_FALSE(q.isFrozen());
    REQUIRE(q.freeze().ok());
    CHECK(q.isFrozen());
    CHECK(f.lines() == words({"freeze a", "freeze b", "freeze d", "freeze c"}));
    REQUIRE(q.thaw().ok());
    CHECK_FALSE(q.isFrozen());
    CHECK(f.lines() == words({"freeze a", "freeze b", "freeze d", "freeze c", "thaw c", "thaw e", "thaw b", "thaw a"}));

    const QStringList log = q.log();
    REQUIRE(log.size() == 8);
    CHECK(log[0].startsWith(QStringLiteral("freeze a: /bin/sh -c 'echo freeze a >> \"$1\"' sh ")));
    CHECK(log[0].contains(QStringLiteral(": exit 0, ")));
    CHECK(log[0].endsWith(QStringLiteral(" ms")));
    CHECK(log[4].startsWith(QStringLiteral("thaw c: ")));
    CHECK(log[7].startsWith(QStringLiteral("thaw a: ")));
}

TEST_CASE("a freeze that times out is killed with what it started, and the frozen ones are thawed")
{
    Fixture f;
    const QString pidFile = QString::fromUtf8(f.dir / "sleep.pid");
    QuiesceAction hanging{QStringLiteral("b"),
                          f.sh(QStringLiteral("echo freeze b >> \"$1\"; sleep 30 & echo $! > '%1'; wait; "
                                              "echo never >> \"$1\"")
                                   .arg(pidFile)),
                          f.sh(QStringLiteral("echo thaw b >> \"$1\"")), 1, 10};
    Quiescer q({f.logging(QStringLiteral("a")), hanging, f.logging(QStringLiteral("c"))});
    QElapsedTimer clock;
    clock.start();
    const Status s = q.freeze();
    const qint64 ms = clock.elapsed();
    REQUIRE_FALSE(s.ok());
    CHECK(ms >= 1000);
    CHECK(ms < 2500);
    const std::string message = s.error().message.toStdString();
    CHECK_THAT(message, Catch::Contains("freeze of application \"b\""));
    CHECK_THAT(message, Catch::Contains("timed out after 1 s, killed"));
    CHECK_THAT(message, Catch::Contains("1 application(s) frozen before it were thawed"));
    CHECK(message.find('\n') == std::string::npos);
    CHECK_FALSE(q.isFrozen());
    CHECK(f.lines() == words({"freeze a", "freeze b", "thaw a"}));

    // The background sleep of the killed shell was killed too (same process group).
    QFile file(pidFile);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const qint64 sleepPid = file.readAll().trimmed().toLongLong();
    REQUIRE(sleepPid > 0);
    for (int i = 0; i < 100 && running(sleepPid); ++i)
        QThread::msleep(20);
    CHECK_FALSE(running(sleepPid));
    CHECK(q.log().size() == 3);
    CHECK(q.log()[1].contains(QStringLiteral("timed out after 1 s, killed")));
    CHECK(q.thaw().ok());  // nothing left frozen: harmless
    CHECK(f.lines().size() == 3);
}

TEST_CASE("a failing freeze aborts and thaws only the applications frozen before it")
{
    Fixture f;
    QuiesceAction failing{QStringLiteral("b"),
                          f.sh(QStringLiteral("echo freeze b >> \"$1\"; echo 'database busy' >&2; exit 3")),
                          f.sh(QStringLiteral("echo thaw b >> \"$1\"")), 10, 10};
    Quiescer q({f.logging(QStringLiteral("a")), f.logging(QStringLiteral("a2")), failing, f.logging(QStringLiteral("c"))});
    const Status s = q.freeze();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::Io);
    const std::string message = s.error().message.toStdString();
    CHECK_THAT(message, Catch::StartsWith("quiesce: freeze of application \"b\""));
    CHECK_THAT(message, Catch::Contains("exit 3: database busy"));
    CHECK_THAT(message, Catch::Contains("2 application(s) frozen before it were thawed"));
    CHECK_FALSE(q.isFrozen());
    CHECK(f.lines() == words({"freeze a", "freeze a2", "freeze b", "thaw a2", "thaw a"}));
    CHECK(q.log()[2].contains(QStringLiteral("exit 3")));
    CHECK(q.log()[2].contains(QStringLiteral("database busy")));
}

TEST_CASE("thaw runs every thaw after a failure in between, and a second thaw does nothing")
{
    Fixture f;
    Quiescer q({f.logging(QStringLiteral("a")), f.logging(QStringLiteral("b"))});
    REQUIRE(q.freeze().ok());
    // ... the snapshot fails here; the caller thaws regardless ...
    REQUIRE(q.thaw().ok());
    CHECK(f.lines() == words({"freeze a", "freeze b", "thaw b", "thaw a"}));
    REQUIRE(q.thaw().ok());
    CHECK(f.lines().size() == 4);
    CHECK(q.log().size() == 4);
}

TEST_CASE("a failing thaw is reported and the other thaws still run")
{
    Fixture f;
    QuiesceAction badThaw{QStringLiteral("b"), f.sh(QStringLiteral("echo freeze b >> \"$1\"")),
                          f.sh(QStringLiteral("echo thaw b >> \"$1\"; echo 'cannot unlock' >&2; exit 5")), 10, 10};
    QuiesceAction missing{QStringLiteral("d"), {}, {QStringLiteral("/nonexistent/thaw-tool")}, 10, 10};
    Quiescer q({f.logging(QStringLiteral("a")), badThaw, missing, f.logging(QStringLiteral("c"))});
    REQUIRE(q.freeze().ok());
    const Status s = q.thaw();
    REQUIRE_FALSE(s.ok());
    const std::string message = s.error().message.toStdString();
    CHECK_THAT(message, Catch::StartsWith("quiesce: thaw failed for 2 application(s): "));
    CHECK_THAT(message, Catch::Contains("\"b\": `/bin/sh -c"));
    CHECK_THAT(message, Catch::Contains("exit 5: cannot unlock"));
    CHECK_THAT(message, Catch::Contains("\"d\": `/nonexistent/thaw-tool` cannot start: /nonexistent/thaw-tool: No such file"));
    CHECK(message.find('\n') == std::string::npos);
    CHECK_FALSE(q.isFrozen());
    CHECK(f.lines() == words({"freeze a", "freeze b", "freeze c", "thaw c", "thaw b", "thaw a"}));
}

TEST_CASE("the destructor thaws what is still frozen")
{
    Fixture f;
    {
        Quiescer q({f.logging(QStringLiteral("a")), f.logging(QStringLiteral("b"))});
        REQUIRE(q.freeze().ok());
    }
    CHECK(f.lines() == words({"freeze a", "freeze b", "thaw b", "thaw a"}));
    {
        Quiescer q({f.logging(QStringLiteral("c"))});
        REQUIRE(q.freeze().ok());
        REQUIRE(q.thaw().ok());
    }
    CHECK(f.lines() == words({"freeze a", "freeze b", "thaw b", "thaw a", "freeze c", "thaw c"}));
}

TEST_CASE("the freeze window runs from the first freeze to the last thaw")
{
    Fixture f;
    QuiesceAction slow{QStringLiteral("a"), f.sh(QStringLiteral("sleep 0.3")), f.sh(QStringLiteral("sleep 0.2")), 10, 10};
    Quiescer q({slow});
    CHECK(q.freezeWindowMs() == 0);
    REQUIRE(q.freeze().ok());
    CHECK(q.freezeWindowMs() >= 300);
    QThread::msleep(200);
    REQUIRE(q.thaw().ok());
    const qint64 window = q.freezeWindowMs();
    CHECK(window >= 700);
    CHECK(window < 5000);
    QThread::msleep(100);
    CHECK(q.freezeWindowMs() == window);  // fixed once thawed
}

TEST_CASE("freeze edge cases: nothing to do, a command that cannot start, freezing twice")
{
    Fixture f;
    SECTION("no actions")
    {
        Quiescer q({});
        REQUIRE(q.freeze().ok());
        CHECK(q.isFrozen());
        REQUIRE(q.thaw().ok());
        CHECK(q.log().isEmpty());
    }
    SECTION("a program that does not exist")
    {
        Quiescer q({f.logging(QStringLiteral("a")),
                    QuiesceAction{QStringLiteral("b"), {QStringLiteral("/nonexistent/freeze-tool")}, {}, 10, 10}});
        const Status s = q.freeze();
        REQUIRE_FALSE(s.ok());
        CHECK_THAT(s.error().message.toStdString(),
                   Catch::Contains("\"b\": `/nonexistent/freeze-tool` cannot start: /nonexistent/freeze-tool: No such file"));
        CHECK(f.lines() == words({"freeze a", "thaw a"}));
    }
    SECTION("freeze while frozen is refused and changes nothing")
    {
        Quiescer q({f.logging(QStringLiteral("a"))});
        REQUIRE(q.freeze().ok());
        const Status again = q.freeze();
        REQUIRE_FALSE(again.ok());
        CHECK_THAT(again.error().message.toStdString(), Catch::Contains("already frozen"));
        CHECK(q.isFrozen());
        REQUIRE(q.thaw().ok());
        CHECK(f.lines() == words({"freeze a", "thaw a"}));
    }
}

TEST_CASE("runHookProcess: exit codes, signals, output tail, no stdin")
{
    const HookOutcome ok = runHookProcess({QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                                          QStringLiteral("read x; echo \"got [$x]\"; echo second >&2")},
                                         5000);
    CHECK(ok.succeeded());
    CHECK(ok.describe(5) == QStringLiteral("exit 0"));
    CHECK(ok.outputTail == "got []\nsecond\n");  // stdin is /dev/null: read gets end of file
    CHECK(ok.lastOutputLine() == QStringLiteral("second"));

    const HookOutcome killed = runHookProcess({QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("kill -TERM $$")}, 5000);
    CHECK_FALSE(killed.succeeded());
    CHECK_FALSE(killed.exited);
    CHECK(killed.signal == SIGTERM);
    CHECK(killed.describe(5).startsWith(QStringLiteral("killed by signal 15")));

    const HookOutcome big = runHookProcess({QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                                           QStringLiteral("i=0; while [ $i -lt 3000 ]; do echo line $i; i=$((i+1)); done")},
                                          10000);
    CHECK(big.succeeded());
    CHECK(big.outputTail.size() <= 4096);
    CHECK(big.lastOutputLine() == QStringLiteral("line 2999"));

    CHECK(hookCommandLine({QStringLiteral("psql"), QStringLiteral("-c"), QStringLiteral("SELECT 1"), QString()})
          == QStringLiteral("psql -c 'SELECT 1' ''"));
    const HookOutcome empty = runHookProcess({}, 1000);
    CHECK_FALSE(empty.started);
    CHECK(empty.describe(1) == QStringLiteral("cannot start: empty command"));
}
