// SPDX-License-Identifier: GPL-3.0-or-later
// The Secondary step's logic without widgets, against real agent processes on 127.0.0.1.
#include "UiTestSupport.h"

#include "config/SecondaryConfig.h"
#include "config/TargetConfig.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"

#include <QDir>
#include <QSettings>
#include <QTcpServer>

using namespace st;
using namespace st::test;

namespace {
QString pinFileIn(const ScratchDir &dir)
{
    return QString::fromLocal8Bit(dir / "primary/secondaries.json");
}
}  // namespace

TEST_CASE("target fields are validated before any connection", "[ui][secondary]")
{
    ScratchDir dir("target-validate");
    TargetConfig t(QStringLiteral("Secondary"), pinFileIn(dir));
    CHECK_FALSE(t.validate());
    CHECK(t.addressError().contains(QStringLiteral("address")));

    t.setAddress(QStringLiteral("198.18.0.2"));  // no port
    CHECK_FALSE(t.validate());
    CHECK_FALSE(t.addressError().isEmpty());

    t.setAddress(QStringLiteral(" 198.18.0.2:7443 "));
    CHECK(t.address() == QStringLiteral("198.18.0.2:7443"));
    CHECK_FALSE(t.validate());  // no pin for it: the code is required
    CHECK(t.addressError().isEmpty());
    CHECK(t.codeError().contains(QStringLiteral("pairing code")));

    t.setPairingCode(QStringLiteral("K7QF-3M9X"));
    CHECK_FALSE(t.validate());
    CHECK(t.codeError().contains(QStringLiteral("12 letters")));

    t.setPairingCode(QStringLiteral("k7qf 3m9x tr2c"));
    CHECK(t.validate());
    CHECK(t.codeError().isEmpty());
    CHECK(t.state() == TargetConfig::State::Untested);
    CHECK_FALSE(t.verifiedTarget());
}

TEST_CASE("connection test shows the agent's identity, pins it, and later needs no code", "[ui][secondary]")
{
    ScratchDir dir("target-test");
    auto agent = startAgent(QString::fromLocal8Bit(dir / "demo"));
    auto session = makeSession(QString::fromLocal8Bit(dir / "primary"));

    TargetConfig t(QStringLiteral("Secondary"), pinFileIn(dir));
    t.setAddress(agent->address());
    t.setPairingCode(agent->pairingCode());
    CHECK_FALSE(t.isPinned());
    t.testConnection(*session->identity());
    CHECK(t.state() == TargetConfig::State::Testing);
    REQUIRE(waitUntil([&] { return t.state() != TargetConfig::State::Testing; }));
    INFO(t.statusText().toStdString());
    REQUIRE(t.state() == TargetConfig::State::Verified);
    CHECK(formatFingerprint(t.info().fingerprint) == agent->fingerprint());
    CHECK_FALSE(t.info().host.isEmpty());
    CHECK_FALSE(t.info().os.isEmpty());
    CHECK_FALSE(t.info().version.isEmpty());
    CHECK(t.info().newlyPaired);
    CHECK(t.isPinned());
    const auto target = t.verifiedTarget();
    REQUIRE(target);
    CHECK(target->link.pairingCode.isEmpty());  // spent; the pin authenticates the clone
    CHECK(target->address == agent->address());

    // A new wizard run: the pin is enough, no code.
    TargetConfig again(QStringLiteral("Secondary"), pinFileIn(dir));
    again.setAddress(agent->address());
    CHECK(again.validate());
    again.testConnection(*session->identity());
    REQUIRE(waitUntil([&] { return again.state() != TargetConfig::State::Testing; }));
    CHECK(again.state() == TargetConfig::State::Verified);
    CHECK_FALSE(again.info().newlyPaired);

    // Editing the address makes it untested again.
    again.setAddress(agent->address() + QStringLiteral("0"));
    CHECK(again.state() == TargetConfig::State::Untested);
}

TEST_CASE("a wrong pairing code is reported next to the code, a dead address next to the address", "[ui][secondary]")
{
    ScratchDir dir("target-errors");
    auto agent = startAgent(QString::fromLocal8Bit(dir / "demo"));
    auto session = makeSession(QString::fromLocal8Bit(dir / "primary"));

    TargetConfig wrong(QStringLiteral("Secondary"), pinFileIn(dir));
    wrong.setAddress(agent->address());
    wrong.setPairingCode(QStringLiteral("AAAA-BBBB-CCCC"));
    wrong.testConnection(*session->identity());
    REQUIRE(waitUntil([&] { return wrong.state() != TargetConfig::State::Testing; }));
    CHECK(wrong.state() == TargetConfig::State::Failed);
    CHECK_FALSE(wrong.codeError().isEmpty());
    CHECK(wrong.addressError().isEmpty());
    CHECK_FALSE(wrong.statusText().contains(QLatin1Char('\n')));
    CHECK_FALSE(wrong.isPinned());
    CHECK_FALSE(wrong.statusText().contains(agent->pairingCode()));

    // A port nobody listens on.
    quint16 deadPort = 0;
    {
        QTcpServer probe;
        REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
        deadPort = probe.serverPort();
    }
    TargetConfig dead(QStringLiteral("Secondary"), pinFileIn(dir));
    dead.setAddress(QStringLiteral("127.0.0.1:%1").arg(deadPort));
    dead.setPairingCode(agent->pairingCode());
    dead.testConnection(*session->identity());
    REQUIRE(waitUntil([&] { return dead.state() != TargetConfig::State::Testing; }));
    CHECK(dead.state() == TargetConfig::State::Failed);
    CHECK_FALSE(dead.addressError().isEmpty());
    CHECK(dead.codeError().isEmpty());

    // The code was not spent by the failures: the right code still pairs.
    TargetConfig right(QStringLiteral("Secondary"), pinFileIn(dir));
    right.setAddress(agent->address());
    right.setPairingCode(agent->pairingCode());
    right.testConnection(*session->identity());
    REQUIRE(waitUntil([&] { return right.state() != TargetConfig::State::Testing; }));
    CHECK(right.state() == TargetConfig::State::Verified);
}

TEST_CASE("the Secondary step: demo prefill, identity created off the GUI thread, Tertiary, commit", "[ui][secondary]")
{
    ScratchDir dir("secondary-config");
    auto secondary = startAgent(QString::fromLocal8Bit(dir / "demo"));
    auto tertiary = startAgent(QString::fromLocal8Bit(dir / "demo3"));
    WizardContext context;
    context.demoMode = true;
    context.stateDir = QString::fromLocal8Bit(dir / "primary");
    auto session = std::make_shared<WizardSession>(context);  // no identity yet

    SecondaryConfig config(session, secondary.get());
    CHECK(config.secondary()->address() == secondary->address());
    CHECK(config.secondary()->pairingCode() == secondary->pairingCode());
    CHECK(config.demoNote().contains(secondary->fingerprint()));
    CHECK_FALSE(config.isComplete());

    config.test(config.secondary());
    CHECK(config.isBusy());
    REQUIRE(waitUntil([&] { return !config.isBusy(); }));
    INFO(config.secondary()->statusText().toStdString());
    REQUIRE(config.isComplete());
    REQUIRE(session->identity());
    CHECK(config.primaryFingerprint().startsWith(QStringLiteral("SHA256:")));

    config.setTertiaryEnabled(true);
    CHECK_FALSE(config.isComplete());
    config.tertiary()->setAddress(tertiary->address());
    config.tertiary()->setPairingCode(tertiary->pairingCode());
    config.test(config.tertiary());
    REQUIRE(waitUntil([&] { return !config.isBusy(); }));
    REQUIRE(config.isComplete());

    config.commit();
    REQUIRE(session->targets().size() == 2);
    CHECK(session->targets()[0].role == QStringLiteral("Secondary"));
    CHECK(session->targets()[1].role == QStringLiteral("Tertiary"));
    CHECK(session->targets()[1].address == tertiary->address());

    config.setTertiaryEnabled(false);
    config.commit();
    CHECK(session->targets().size() == 1);
}

TEST_CASE("the Secondary step remembers the addresses, never the code", "[ui][secondary]")
{
    ScratchDir dir("secondary-settings");
    WizardContext context;
    context.stateDir = QString::fromLocal8Bit(dir / "primary");
    auto session = std::make_shared<WizardSession>(context);
    {
        SecondaryConfig config(session);
        config.secondary()->setAddress(QStringLiteral("198.18.0.2:7443"));
        config.secondary()->setPairingCode(QStringLiteral("K7QF-3M9X-TR2C"));
        config.setTertiaryEnabled(true);
        config.tertiary()->setAddress(QStringLiteral("198.18.0.3:7443"));
        config.commit();
    }
    SecondaryConfig later(session);
    CHECK(later.secondary()->address() == QStringLiteral("198.18.0.2:7443"));
    CHECK(later.secondary()->pairingCode().isEmpty());
    CHECK(later.isTertiaryEnabled());
    CHECK(later.tertiary()->address() == QStringLiteral("198.18.0.3:7443"));
    QSettings settings;
    for (const QString &key : settings.allKeys())
        CHECK_FALSE(settings.value(key).toString().contains(QStringLiteral("K7QF")));
}
