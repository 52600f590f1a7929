// SPDX-License-Identifier: GPL-3.0-or-later
// The agent's own installation as dpkg records it: kept by a clone applied to the live root.
#include "agent/AgentFootprint.h"
#include "support/CatchQt.h"
#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <QDir>

#include <unistd.h>

using namespace st;
using namespace st::test;

TEST_CASE("the agent's package files are found where they really are, directories left out")
{
    ScratchDir dir("footprint");
    const QByteArray root = dir.path();
    // A merged-/usr system: /lib is a link to usr/lib.
    REQUIRE(QDir().mkpath(s(root + "/usr/lib/systemd/system")));
    REQUIRE(symlink("usr/lib", (root + "/lib").constData()) == 0);
    writeFile(root + "/usr/bin/servertwin-agent", "binary", 0755);
    writeFile(root + "/usr/lib/systemd/system/servertwin-agent.service", "[Unit]\n");
    writeFile(root + "/var/lib/dpkg/info/servertwin-agent.list",
              "/.\n/usr\n/usr/bin\n/usr/bin/servertwin-agent\n/lib/systemd/system/servertwin-agent.service\n/usr/share/gone\n");
    writeFile(root + "/var/lib/dpkg/info/servertwin-agent.md5sums", "x\n");
    writeFile(root + "/var/lib/dpkg/info/servertwin-agent-other.list", "not ours\n");
    writeFile(root + "/var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/servertwin-agent.service", "");
    const QList<QByteArray> files = agentPackageFiles(root);
    CHECK(files.contains("usr/bin/servertwin-agent"));
    CHECK(files.contains("usr/lib/systemd/system/servertwin-agent.service"));
    CHECK(files.contains("var/lib/dpkg/info/servertwin-agent.list"));
    CHECK(files.contains("var/lib/dpkg/info/servertwin-agent.md5sums"));
    CHECK(files.contains("var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/servertwin-agent.service"));
    CHECK(!files.contains("usr"));
    CHECK(!files.contains("usr/bin"));
    CHECK(!files.contains("usr/share/gone"));
    CHECK(!files.contains("var/lib/dpkg/info/servertwin-agent-other.list"));
    CHECK(agentPackageFiles(root, "not-installed").isEmpty());
}

TEST_CASE("a package's dpkg status stanza is found, replaced, appended and removed")
{
    const QByteArray status = "Package: a\nStatus: install ok installed\n\nPackage: servertwin-agent\nStatus: install ok installed\nVersion: 1\n\n"
                              "Package: servertwin-agent-extra\nVersion: 9\n\n";
    const QByteArray stanza = dpkgStanza(status, "servertwin-agent");
    CHECK(stanza == "Package: servertwin-agent\nStatus: install ok installed\nVersion: 1\n\n");
    CHECK(dpkgStanza(status, "servertwin").isEmpty());
    const QByteArray newer = "Package: servertwin-agent\nStatus: install ok installed\nVersion: 2\n\n";
    const QByteArray replaced = withDpkgStanza(status, "servertwin-agent", newer);
    CHECK(dpkgStanza(replaced, "servertwin-agent") == newer);
    CHECK(dpkgStanza(replaced, "a") == "Package: a\nStatus: install ok installed\n\n");
    CHECK(dpkgStanza(replaced, "servertwin-agent-extra") == "Package: servertwin-agent-extra\nVersion: 9\n\n");
    const QByteArray without = withDpkgStanza(status, "servertwin-agent", {});
    CHECK(dpkgStanza(without, "servertwin-agent").isEmpty());
    const QByteArray appended = withDpkgStanza("Package: a\nVersion: 1\n", "servertwin-agent", stanza);
    CHECK(appended == "Package: a\nVersion: 1\n\n" + stanza);
}
