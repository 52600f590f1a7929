// SPDX-License-Identifier: GPL-3.0-or-later
// The Secondary's hardware support: which installed packages serve this machine's hardware and
// the Primary lacks (microcode of its CPU vendor, firmware a loaded driver asks for, kernel
// modules outside the kernel package); and, on a sandbox root with its own dpkg database, a
// real package rebuilt from its installed files (dpkg-repack style), kept as a bundle signed
// with the agent's own key, and installed again by the component installer after "the clone"
// removed it.
#include "component/ComponentInstaller.h"
#include "component/HardwareSupport.h"
#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFileInfo>
#include <QProcess>

#include <sys/stat.h>

using namespace st;
using namespace st::test;

namespace {

QString q(const QByteArray &p)
{
    return QString::fromLocal8Bit(p);
}

InstalledPackage package(const char *name, QStringList files)
{
    InstalledPackage p;
    p.name = QString::fromLatin1(name);
    p.version = QStringLiteral("1.0");
    p.architecture = QStringLiteral("all");
    p.files = std::move(files);
    return p;
}

QByteArray runTool(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    REQUIRE(p.waitForFinished(60000));
    INFO(p.readAllStandardError().toStdString());
    REQUIRE(p.exitCode() == 0);
    return p.readAllStandardOutput();
}

}  // namespace

TEST_CASE("hardware support: microcode of this CPU's vendor, firmware a loaded driver asks for, out-of-tree modules, not what the Primary has")
{
    QMap<QString, InstalledPackage> installed;
    for (const InstalledPackage &p : {package("intel-microcode", {QStringLiteral("/lib/firmware/intel-ucode/06-55-04")}),
                                      package("amd64-microcode", {QStringLiteral("/lib/firmware/amd-ucode/microcode_amd.bin")}),
                                      package("firmware-realtek", {QStringLiteral("/lib/firmware/rtl_nic"), QStringLiteral("/lib/firmware/rtl_nic/rtl8168h-2.fw")}),
                                      package("firmware-iwlwifi", {QStringLiteral("/lib/firmware/iwlwifi-8000C-36.ucode")}),
                                      package("vendor-raid-dkms", {QStringLiteral("/lib/modules/6.1.0-28-amd64/updates/dkms/vraid.ko")}),
                                      package("linux-image-6.1.0-28-amd64", {QStringLiteral("/lib/modules/6.1.0-28-amd64/kernel/drivers/net/e1000.ko")}),
                                      package("old-driver", {QStringLiteral("/lib/modules/5.10.0-9-amd64/extra/old.ko")}),
                                      package("firmware-misc-nonfree", {QStringLiteral("/lib/firmware/i915/tgl_dmc.bin")}),
                                      package("bash", {QStringLiteral("/bin/bash")})})
        installed.insert(p.name, p);
    HardwareFacts facts;
    facts.cpuVendor = QStringLiteral("GenuineIntel");
    facts.kernelRelease = QStringLiteral("6.1.0-28-amd64");
    facts.firmwareNeeds.insert(QStringLiteral("rtl_nic/rtl8168h-2.fw"), QStringLiteral("r8169"));
    facts.firmwareNeeds.insert(QStringLiteral("i915/tgl_dmc.bin"), QStringLiteral("i915"));
    // The Primary has the misc firmware too: the clone carries it.
    const QList<HardwarePackage> kept = hardwarePackages(installed, {QStringLiteral("bash"), QStringLiteral("firmware-misc-nonfree")}, facts);
    QMap<QString, QString> reasons;
    for (const HardwarePackage &p : kept)
        reasons.insert(p.name, p.reason);
    CHECK(reasons.keys() == QStringList{QStringLiteral("firmware-realtek"), QStringLiteral("intel-microcode"), QStringLiteral("vendor-raid-dkms")});
    CHECK(reasons.value(QStringLiteral("intel-microcode")) == QStringLiteral("microcode for this Secondary's GenuineIntel CPU"));
    CHECK(reasons.value(QStringLiteral("firmware-realtek")) == QStringLiteral("firmware rtl_nic/rtl8168h-2.fw for the loaded driver r8169"));
    CHECK(reasons.value(QStringLiteral("vendor-raid-dkms")) == QStringLiteral("kernel module vraid.ko outside the kernel package"));
}

TEST_CASE("hardware support: a firmware package rebuilt from its installed files, kept signed, and installed again after the clone removed it")
{
    ScratchDir dir("hardware-support");
    const QString root = q(dir / "root");
    for (const char *d : {"var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers"})
        REQUIRE(QDir().mkpath(QDir(root).filePath(QLatin1String(d))));
    writeFile(dir / "root/var/lib/dpkg/status", "");
    writeFile(dir / "root/var/lib/dpkg/available", "");
    writeFile(dir / "root/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
    writeFile(dir / "root/etc/group", "root:x:0:\n");
    // Merged /usr, as on Debian 12: /lib is a link to usr/lib, the package still ships lib/.
    REQUIRE(QDir().mkpath(QDir(root).filePath(QStringLiteral("usr/lib"))));
    REQUIRE(QFile::link(QStringLiteral("usr/lib"), QDir(root).filePath(QStringLiteral("lib"))));
    // A firmware package with a conffile, installed into the root's database.
    writeFile(dir / "pkg/DEBIAN/control", "Package: firmware-testnic\nVersion: 20230210-5\nArchitecture: all\nMaintainer: Test <test@example.org>\n"
                                          "Section: non-free-firmware/kernel\nDescription: firmware for the test NIC\n longer text\n");
    writeFile(dir / "pkg/DEBIAN/conffiles", "/etc/testnic.conf\n");
    // (No maintainer script: dpkg would run it chrooted into the sandbox, which has no shell.)
    writeFile(dir / "pkg/lib/firmware/testnic/nic-1.fw", QByteArray(4096, '\x5a'));
    writeFile(dir / "pkg/etc/testnic.conf", "speed = auto\n");
    runTool(QStringLiteral("dpkg-deb"), {QStringLiteral("--build"), QStringLiteral("--root-owner-group"), q(dir / "pkg"), q(dir / "testnic.deb")});
    runTool(QStringLiteral("dpkg"), {QStringLiteral("--root=%1").arg(root), QStringLiteral("--force-script-chrootless"), QStringLiteral("--install"), q(dir / "testnic.deb")});
    writeFile(dir / "root/etc/testnic.conf", "speed = 1000\n");  // the engineer's tuning, kept in the rebuilt package

    Result<QMap<QString, InstalledPackage>> db = readPackageDatabase(root);
    REQUIRE(db);
    REQUIRE(db->contains(QStringLiteral("firmware-testnic")));
    CHECK(db->value(QStringLiteral("firmware-testnic")).files.contains(QStringLiteral("/lib/firmware/testnic/nic-1.fw")));

    // The staged clone's package database: the Primary does not have it.
    writeFile(dir / "staged/var/lib/dpkg/status", "Package: bash\nStatus: install ok installed\nVersion: 5.2-2\nArchitecture: amd64\n\n");
    HardwareFacts facts;
    facts.firmwareNeeds.insert(QStringLiteral("testnic/nic-1.fw"), QStringLiteral("testnic"));
    // As the agent's unit runs it (UMask=0077): the rebuilt package still has its modes.
    const mode_t umaskBefore = ::umask(077);
    Result<QList<HardwarePackage>> kept = keepHardwareSupport(root, q(dir / "staged"), q(dir / "state"), facts);
    ::umask(umaskBefore);
    INFO((kept ? std::string() : kept.error().message.toStdString()));
    REQUIRE(kept);
    REQUIRE(kept->size() == 1);
    CHECK(kept->first().name == QStringLiteral("firmware-testnic"));
    struct stat key {};
    REQUIRE(::stat((dir / "state/component-key.pem").constData(), &key) == 0);
    CHECK((key.st_mode & 0777) == 0600);

    Result<std::optional<ComponentManifest>> manifest = hardwareSupportManifest(q(dir / "state"));
    REQUIRE(manifest);
    REQUIRE(*manifest);
    CHECK((*manifest)->id == QStringLiteral("hardware-support"));
    CHECK((*manifest)->description.contains(QStringLiteral("firmware-testnic (firmware testnic/nic-1.fw for the loaded driver testnic)")));
    Result<std::optional<VerifiedBundle>> bundle = openHardwareSupport(q(dir / "state"));
    REQUIRE(bundle);
    REQUIRE(*bundle);
    const QString deb = (*bundle)->dir + QStringLiteral("/debs/firmware-testnic_20230210-5_all.deb");
    CHECK(runTool(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), deb, QStringLiteral("Package")}).trimmed() == "firmware-testnic");
    CHECK(runTool(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), deb, QStringLiteral("Section")}).trimmed() == "non-free-firmware/kernel");
    const QByteArray contents = runTool(QStringLiteral("dpkg-deb"), {QStringLiteral("-c"), deb});
    CHECK(contents.contains("./lib/firmware/testnic/nic-1.fw"));
    CHECK_FALSE(contents.contains("./lib -> "));
    CHECK(contents.contains("-rw-r--r-- root/root      4096 "));  // nic-1.fw keeps 0644 under umask 0077
    CHECK_FALSE(contents.contains("drwx------"));
    CHECK(runTool(QStringLiteral("dpkg-deb"), {QStringLiteral("-I"), deb, QStringLiteral("conffiles")}).trimmed() == "/etc/testnic.conf");

    // An altered kept bundle is refused; the agent's key is the only one that counts.
    writeFile(dir / "state/hardware-support/manifest.json", "{}");
    CHECK_FALSE(hardwareSupportManifest(q(dir / "state")));
    REQUIRE(keepHardwareSupport(root, q(dir / "staged"), q(dir / "state"), facts));

    // "The clone" replaces the packages: the firmware is gone; the component brings it back.
    runTool(QStringLiteral("dpkg"), {QStringLiteral("--root=%1").arg(root), QStringLiteral("--force-script-chrootless"), QStringLiteral("--purge"), QStringLiteral("firmware-testnic")});
    CHECK_FALSE(QFile::exists(QDir(root).filePath(QStringLiteral("lib/firmware/testnic/nic-1.fw"))));
    Result<std::optional<VerifiedBundle>> again = openHardwareSupport(q(dir / "state"));
    REQUIRE(again);
    REQUIRE(*again);
    ComponentInstaller installer({root, q(dir / "state"), 60000});
    const Status installed = installer.install(**again, CancelToken());
    INFO((installed ? std::string() : installed.error().message.toStdString()));
    REQUIRE(installed);
    CHECK(QFile::exists(QDir(root).filePath(QStringLiteral("lib/firmware/testnic/nic-1.fw"))));
    CHECK(QFile(QDir(root).filePath(QStringLiteral("etc/testnic.conf"))).size() > 0);
    // Its rollback purges it again.
    REQUIRE(installer.rollBackAll());
    CHECK_FALSE(QFile::exists(QDir(root).filePath(QStringLiteral("lib/firmware/testnic/nic-1.fw"))));
}

TEST_CASE("hardware support: nothing is kept for a root without a package database or a clone that carries none")
{
    ScratchDir dir("hardware-support-none");
    writeFile(dir / "root/etc/hostname", "secondary\n");
    Result<QList<HardwarePackage>> none = keepHardwareSupport(q(dir / "root"), q(dir / "staged"), q(dir / "state"), HardwareFacts{});
    REQUIRE(none);
    CHECK(none->isEmpty());
    Result<std::optional<VerifiedBundle>> bundle = openHardwareSupport(q(dir / "state"));
    REQUIRE(bundle);
    CHECK_FALSE(*bundle);
}
