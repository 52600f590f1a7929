// SPDX-License-Identifier: GPL-3.0-or-later
// Catch2 runner with a QCoreApplication, so tests can use signals, timers and sockets.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
