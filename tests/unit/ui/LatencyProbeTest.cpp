// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI latency probe itself: it must see a GUI thread that computes or sleeps, or the
// "UI never blocks" checks that rely on it could not fail.
#include "LatencyProbe.h"
#include "UiTestSupport.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QThread>

#include <ctime>

using st::test::LatencyProbe;

namespace {

/** Lets the probe tick for a while, blocks the GUI thread with @p block, lets it tick again. */
template<typename Block>
LatencyProbe::Figures measure(Block block)
{
    LatencyProbe probe;
    st::test::waitUntil([] { return false; }, 100);
    block();
    st::test::waitUntil([] { return false; }, 100);
    probe.stop();
    return {probe.worstLatencyMs(), probe.worstOwnLatencyMs()};
}

/** CPU time this thread has used, in ms: a busy loop on a loaded machine counts its own work. */
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

}  // namespace

TEST_CASE("latency probe: a GUI thread that computes for 200 ms of CPU is over budget", "[ui][probe]")
{
    const auto f = measure([] {
        const double start = threadCpuMs();
        volatile unsigned sink = 0;
        while (threadCpuMs() - start < 200)
            sink = sink + 1;
    });
    CHECK(f.worstMs >= 150);
    CHECK(f.worstOwnMs >= 150);
    CHECK(f.worstOwnMs > st::test::kGuiLatencyBudgetMs);
}

TEST_CASE("latency probe: a GUI thread that sleeps for 200 ms is over budget", "[ui][probe]")
{
    const auto f = measure([] { QThread::msleep(200); });
    CHECK(f.worstOwnMs >= 150);
    CHECK(f.worstOwnMs > st::test::kGuiLatencyBudgetMs);
}

TEST_CASE("latency probe: an idle GUI thread has no own lateness worth the name", "[ui][probe]")
{
    const auto f = measure([] {});
    CHECK(f.worstOwnMs < st::test::kGuiLatencyBudgetMs);
    CHECK(f.worstOwnMs <= f.worstMs);
}
