// SPDX-License-Identifier: GPL-3.0-or-later
// The engineer's checklist: the shipped items, a profile's additions, confirmations, and the
// hardware report that carries them.
#include "inventory/Confirmations.h"
#include "report/HardwareReport.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

using namespace st;

TEST_CASE("the shipped checklist, a profile's items added, bad items refused with one line")
{
    const Result<QList<ChecklistItem>> shipped = checklistFor({});
    REQUIRE(shipped);
    REQUIRE(shipped->size() == 5);
    CHECK(shipped->at(0).id == QStringLiteral("nic-cabling"));
    const Result<QList<ChecklistItem>> withProfile = checklistFor({{QStringLiteral("san-paths"), QStringLiteral("Both SAN paths of the Secondary are up")},
                                                                   {QStringLiteral("nic-cabling"), QStringLiteral("a duplicate id")}});
    REQUIRE(withProfile);
    CHECK(withProfile->size() == 6);
    CHECK(withProfile->last().id == QStringLiteral("san-paths"));
    CHECK(withProfile->at(0).text != QStringLiteral("a duplicate id"));

    const auto bad = parseChecklistItems(QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("Bad Id")}, {QStringLiteral("text"), QStringLiteral("x")}}},
                                         QStringLiteral("p.json"));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == QStringLiteral("p.json: checklist item 1 must be {\"id\": \"lower-case-words\", \"text\": \"one sentence\"}"));
    const QJsonObject item{{QStringLiteral("id"), QStringLiteral("a")}, {QStringLiteral("text"), QStringLiteral("x")}};
    CHECK_FALSE(parseChecklistItems(QJsonArray{item, item}, QStringLiteral("p.json")));
    CHECK_FALSE(parseChecklistFile("{\"version\": 2, \"items\": []}", QStringLiteral("f")));
    CHECK_FALSE(parseChecklistFile("not json", QStringLiteral("f")));
}

TEST_CASE("confirmations: by name, replaced when ticked again, all needed")
{
    inv::ConfirmationSet set({{QStringLiteral("a"), QStringLiteral("Item A")}, {QStringLiteral("b"), QStringLiteral("Item B")}});
    CHECK(set.missing() == QStringList{QStringLiteral("Item A"), QStringLiteral("Item B")});
    const QDateTime at = QDateTime::fromString(QStringLiteral("2026-12-07T10:00:00Z"), Qt::ISODate);
    CHECK_FALSE(set.confirm(QStringLiteral("c"), QStringLiteral("Ann"), at));
    CHECK_FALSE(set.confirm(QStringLiteral("a"), QStringLiteral("  "), at));
    REQUIRE(set.confirm(QStringLiteral("b"), QStringLiteral("Ann"), at, QStringLiteral(" checked ")));
    REQUIRE(set.confirm(QStringLiteral("a"), QStringLiteral("Bob"), at));
    CHECK(set.allConfirmed());
    REQUIRE(set.confirm(QStringLiteral("a"), QStringLiteral("Carl"), at.addSecs(60)));
    const QList<inv::Confirmation> all = set.confirmations();
    REQUIRE(all.size() == 2);
    CHECK(all[0].by == QStringLiteral("Carl"));  // items' order, the last tick
    CHECK(all[1].note == QStringLiteral("checked"));
    set.unconfirm(QStringLiteral("b"));
    CHECK_FALSE(set.allConfirmed());
    const Result<inv::Confirmation> back = inv::Confirmation::parse(all[1].toJson());
    REQUIRE(back);
    CHECK(back->at == at);
    CHECK(back->text == QStringLiteral("Item B"));
}

TEST_CASE("the hardware report: blocks from a rule or a functional check, summary, JSON")
{
    HardwareReport r;
    r.ok = true;
    r.secondaryAddress = QStringLiteral("198.18.10.2:7443");
    r.rules << inv::RuleOutcome{QStringLiteral("cpus"), QStringLiteral("CPUs"), inv::RuleLevel::Warn, QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("more")};
    r.clockOffsetMs = -40;
    CHECK_FALSE(r.blocks());
    CHECK(r.summaryText() == QStringLiteral("hardware: 1 rules (1 warn)"));
    CHECK(r.allConfirmed());  // nothing was asked
    inv::ConfirmationSet set({{QStringLiteral("a"), QStringLiteral("Item A")}, {QStringLiteral("b"), QStringLiteral("Item B")}});
    REQUIRE(set.confirm(QStringLiteral("a"), QStringLiteral("Ada"), QDateTime::currentDateTimeUtc()));
    r.setConfirmations(set);
    CHECK_FALSE(r.allConfirmed());
    CHECK(r.unconfirmed == QStringList{QStringLiteral("Item B")});
    CHECK(r.summaryText() == QStringLiteral("hardware: 1 rules (1 warn), 1 of 2 item(s) confirmed"));
    r.functionalChecked = true;
    r.functional << inv::RuleOutcome{QStringLiteral("disk-driver vda"), QStringLiteral("Disk vda"), inv::RuleLevel::Block, {}, {}, QStringLiteral("no driver")};
    CHECK(r.blocks());
    const QJsonObject json = r.toJson();
    CHECK(json.value(QStringLiteral("blocks")).toBool());
    CHECK(json.value(QStringLiteral("clockOffsetMs")).toInteger() == -40);
    CHECK(json.value(QStringLiteral("functional")).toArray().size() == 1);
    CHECK(json.value(QStringLiteral("itemsToConfirm")).toInt() == 2);
    CHECK(json.value(QStringLiteral("unconfirmed")).toArray().size() == 1);
}
