// SPDX-License-Identifier: GPL-3.0-or-later
// ProcessRunner with real processes: output capture, exit codes, errors naming the command,
// timeouts that kill, arguments that cannot be represented.
#include "support/CatchQt.h"
#include "snapshot/CommandRunner.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>

using namespace st;

TEST_CASE("ProcessRunner captures stdout, stderr and the exit code")
{
    ProcessRunner runner;
    Result<CommandOutput> out = runner.run(
        {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo out; echo \"$LC_ALL\" >&2; exit 3")}, 10000);
    REQUIRE(out.ok());
    CHECK(out->exitCode == 3);
    CHECK(out->out == "out\n");
    CHECK(out->err == "C\n");
}

TEST_CASE("runChecked names the command and the first line of its stderr")
{
    ProcessRunner runner;
    Result<CommandOutput> out = runChecked(
        runner, {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo; echo '  first problem' >&2; echo second >&2; exit 2")},
        10000);
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().message
          == QStringLiteral("`sh -c 'echo; echo '\\''  first problem'\\'' >&2; echo second >&2; exit 2'` failed (exit 2): "
                            "first problem"));
    CHECK(out.error().details.contains(QStringLiteral("second")));
    CHECK(runChecked(runner, {QStringLiteral("true")}, 10000).ok());
}

TEST_CASE("a command over its timeout is killed")
{
    ProcessRunner runner;
    QElapsedTimer timer;
    timer.start();
    Result<CommandOutput> out = runner.run({QStringLiteral("sleep"), QStringLiteral("30")}, 300);
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().message == QStringLiteral("sleep 30 did not finish within 0.3 s and was killed"));
    CHECK(timer.elapsed() < 10000);
}

TEST_CASE("a missing program is an error naming it")
{
    ProcessRunner runner;
    Result<CommandOutput> out = runner.run({QStringLiteral("servertwin-no-such-tool"), QStringLiteral("x")}, 1000);
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().message.contains(QStringLiteral("servertwin-no-such-tool is not installed")));
}

TEST_CASE("pathArgument refuses bytes that would not survive as an argument")
{
    CHECK(*pathArgument("/mnt/with space/é") == QStringLiteral("/mnt/with space/é"));
    Result<QString> bad = pathArgument("/mnt/\xff");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.contains(QStringLiteral("\\xff")));
    CHECK(firstLine("\n\n  hello  \nworld") == QStringLiteral("hello"));
    CHECK(commandLine({QStringLiteral("a"), QStringLiteral("b c"), QString()}) == QStringLiteral("a 'b c' ''"));
}
