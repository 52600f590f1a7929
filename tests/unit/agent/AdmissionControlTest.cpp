// SPDX-License-Identifier: GPL-3.0-or-later
// AdmissionControl: who keeps a pre-authentication slot when peers fill them.
#include <catch2/catch.hpp>

#include "agent/AdmissionControl.h"
#include "agent/AgentListener.h"

#include <QHostAddress>

using namespace st;

TEST_CASE("a full address gives up its own oldest connection, never another address's", "[admission]")
{
    AdmissionControl pool({4, 100});
    quint64 id = 1;
    pool.admit(id++, QStringLiteral("198.18.0.1"));  // the Primary's address, one connection
    for (int i = 0; i < 4; ++i)
        CHECK(pool.admit(id++, QStringLiteral("198.18.0.66")).isEmpty());
    // The fifth from the attacker pushes out the attacker's oldest (id 2).
    CHECK(pool.admit(id++, QStringLiteral("198.18.0.66")) == QList<quint64>{2});
    CHECK(pool.countFor(QStringLiteral("198.18.0.66")) == 4);
    CHECK(pool.holds(1));
    CHECK(pool.count() == 5);
}

TEST_CASE("when every slot is taken the busiest address gives one up, and a newcomer always gets in", "[admission]")
{
    AdmissionControl pool({100, 10});
    quint64 id = 1;
    for (int i = 0; i < 8; ++i)
        pool.admit(id++, QStringLiteral("198.18.0.66"));  // ids 1..8
    pool.admit(id++, QStringLiteral("198.18.0.77"));      // 9
    pool.admit(id++, QStringLiteral("198.18.0.1"));       // 10: the Primary
    REQUIRE(pool.count() == 10);
    // A new connection from a fourth address: the busiest (.66) loses its oldest.
    CHECK(pool.admit(id++, QStringLiteral("198.18.0.99")) == QList<quint64>{1});
    CHECK(pool.holds(10));
    CHECK(pool.holds(9));
    // Releasing (closed, or authenticated) frees the slot; releasing twice is harmless.
    pool.release(10);
    pool.release(10);
    CHECK(pool.count() == 9);
    CHECK(pool.admit(id++, QStringLiteral("198.18.0.1")).isEmpty());
}

TEST_CASE("equal addresses: the oldest connection of all goes first", "[admission]")
{
    AdmissionControl pool({100, 3});
    pool.admit(1, QStringLiteral("a"));
    pool.admit(2, QStringLiteral("b"));
    pool.admit(3, QStringLiteral("c"));
    CHECK(pool.admit(4, QStringLiteral("d")) == QList<quint64>{1});
    CHECK(pool.admit(5, QStringLiteral("e")) == QList<quint64>{2});
}

TEST_CASE("peers are counted by IPv4 address and by IPv6 /64", "[admission]")
{
    CHECK(AgentListener::addressKey(QHostAddress(QStringLiteral("198.18.0.7"))) == QStringLiteral("198.18.0.7"));
    CHECK(AgentListener::addressKey(QHostAddress(QStringLiteral("::ffff:198.18.0.7"))) == QStringLiteral("198.18.0.7"));
    CHECK(AgentListener::addressKey(QHostAddress(QStringLiteral("2001:db8:1:2::5")))
          == AgentListener::addressKey(QHostAddress(QStringLiteral("2001:db8:1:2:ffff::9"))));
    CHECK(AgentListener::addressKey(QHostAddress(QStringLiteral("2001:db8:1:2::5")))
          != AgentListener::addressKey(QHostAddress(QStringLiteral("2001:db8:1:3::5"))));
}

TEST_CASE("within an address, connections that sent nothing go before one engaged in its handshake", "[admission]")
{
    AdmissionControl pool({3, 100});
    pool.admit(1, QStringLiteral("127.0.0.1"));  // idle
    pool.admit(2, QStringLiteral("127.0.0.1"));  // the Primary: ClientHello sent
    pool.engage(2);
    pool.admit(3, QStringLiteral("127.0.0.1"));  // idle
    CHECK(pool.admit(4, QStringLiteral("127.0.0.1")) == QList<quint64>{1});
    CHECK(pool.admit(5, QStringLiteral("127.0.0.1")) == QList<quint64>{3});
    CHECK(pool.admit(6, QStringLiteral("127.0.0.1")) == QList<quint64>{4});
    CHECK(pool.holds(2));
    // Only engaged ones left: the oldest of them.
    pool.engage(5);
    pool.engage(6);
    CHECK(pool.admit(7, QStringLiteral("127.0.0.1")) == QList<quint64>{2});
}

TEST_CASE("an idle-looking connection whose peer has sent something unread is kept like an engaged one", "[admission]")
{
    AdmissionControl pool({2, 100});
    pool.admit(1, QStringLiteral("127.0.0.1"));
    pool.admit(2, QStringLiteral("127.0.0.1"));
    // 1 has its ClientHello waiting in the kernel; 2 has sent nothing.
    const auto hasSent = [](quint64 id) { return id == 1; };
    CHECK(pool.admit(3, QStringLiteral("127.0.0.1"), hasSent) == QList<quint64>{2});
    CHECK(pool.holds(1));
}
