// SPDX-License-Identifier: GPL-3.0-or-later
// The shipped application catalog, detection through SystemFacts, adoption into a profile.
#include "profile/SelectionPlan.h"
#include "quiesce/ApplicationCatalog.h"

#include "support/TestTree.h"

#include <QHash>

#include <catch2/catch.hpp>

using namespace st;

namespace {

const QString kShipped = QStringLiteral(ST_SOURCE_DIR "/resources/catalog/applications.json");

ApplicationCatalog shipped()
{
    Result<ApplicationCatalog> catalog = ApplicationCatalog::load(kShipped);
    if (!catalog.ok())
        FAIL(catalog.error().message.toStdString());
    return catalog.value();
}

class FakeFacts final : public SystemFacts {
public:
    QStringList packages;
    QStringList units;
    QHash<QString, QString> binaries;
    bool failPackages = false;

    Result<QStringList> installedPackages() const override
    {
        if (failPackages)
            return makeError(ErrorCode::Io, QStringLiteral("cannot read the package database /x/status: gone"));
        return packages;
    }
    Result<QStringList> unitFiles() const override { return units; }
    QString findBinary(const QString &name) const override { return binaries.value(name); }
};

QStringList ids(const QList<DetectedApplication> &detected)
{
    QStringList out;
    for (const DetectedApplication &d : detected)
        out << d.application.id;
    return out;
}

std::string catalogError(const char *applications)
{
    const QByteArray json = QByteArray(R"({"version": 1, "applications": [)") + applications + "]}";
    Result<ApplicationCatalog> c = ApplicationCatalog::fromJson(json, QStringLiteral("cat.json"));
    REQUIRE_FALSE(c.ok());
    const std::string message = c.error().message.toStdString();
    CHECK(message.find('\n') == std::string::npos);
    return message;
}

}  // namespace

TEST_CASE("the shipped catalog loads, from the file and from the embedded resource")
{
    const ApplicationCatalog catalog = shipped();
    QStringList all;
    for (const CatalogApplication &app : catalog.applications()) {
        all << app.id;
        INFO(app.id.toStdString());
        CHECK_FALSE(app.name.isEmpty());
        CHECK_FALSE(app.config.isEmpty());
        for (const QList<QByteArray> *paths : {&app.program, &app.config, &app.data}) {
            for (const QByteArray &path : *paths)
                CHECK(path.startsWith('/'));
        }
    }
    for (const char *id : {"postgresql", "mariadb", "nginx", "apache2", "redis", "openssh", "samba", "postfix",
                           "dovecot", "bind9", "kea", "isc-dhcp-server", "docker", "containerd", "haproxy",
                           "keepalived", "chrony", "memcached", "slapd"})
        CHECK(all.contains(QString::fromUtf8(id)));

    const CatalogApplication *pg = catalog.find(QStringLiteral("postgresql"));
    REQUIRE(pg);
    CHECK(pg->freeze.command.first() == QStringLiteral("runuser"));
    CHECK(pg->freeze.command.contains(QStringLiteral("CHECKPOINT")));
    CHECK_FALSE(pg->thaw.isSet());
    CHECK(pg->data == QList<QByteArray>{"/var/lib/postgresql"});
    const CatalogApplication *bind = catalog.find(QStringLiteral("bind9"));
    REQUIRE(bind);
    CHECK(bind->thaw.command == QStringList{QStringLiteral("rndc"), QStringLiteral("thaw")});
    CHECK_FALSE(catalog.find(QStringLiteral("mariadb"))->freeze.isSet());
    CHECK_FALSE(catalog.find(QStringLiteral("mariadb"))->note.isEmpty());
    CHECK(catalog.find(QStringLiteral("docker"))->program.isEmpty());
    CHECK(catalog.find(QStringLiteral("nonexistent")) == nullptr);

    Result<ApplicationCatalog> embedded = ApplicationCatalog::builtIn();
    REQUIRE(embedded.ok());
    CHECK(embedded->applications().size() == catalog.applications().size());
}

TEST_CASE("catalog errors name the key")
{
    CHECK(catalogError(R"({"id": "a", "name": "A", "detect": {"units": ["a.service"]}, "progam": []})")
          == "cat.json: unknown key \"applications[0].progam\"");
    CHECK(catalogError(R"({"name": "A", "detect": {"units": ["a.service"]}})")
          == "cat.json: \"applications[0].id\" is required and must be a non-empty string");
    CHECK(catalogError(R"({"id": "Bad Id", "name": "A", "detect": {"units": ["a.service"]}})")
          == "cat.json: \"applications[0].id\" must be a lower-case id like \"postgresql\"");
    CHECK(catalogError(R"({"id": "a", "name": "A", "detect": {"units": ["a"]}},
                         {"id": "a", "name": "B", "detect": {"units": ["b"]}})")
          == "cat.json: \"applications[1].id\": duplicate application id \"a\"");
    CHECK(catalogError(R"({"id": "a", "name": "A", "detect": {}})")
          == "cat.json: \"applications[0].detect\" must list at least one package, unit or binary");
    CHECK(catalogError(R"({"id": "a", "name": "A", "detect": {"binaries": ["/usr/sbin/a"]}})")
          == "cat.json: \"applications[0].detect.binaries[0]\" must be a plain name, not a path");
    CHECK(catalogError(R"({"id": "a", "name": "A", "detect": {"packages": [3]}})")
          == "cat.json: \"applications[0].detect.packages[0]\" must be a non-empty string");
    CHECK(catalogError(R"({"id": "a", "name": "A", "detect": {"units": ["a"]}, "config": ["etc/a"]})")
          == "cat.json: \"applications[0].config[0]\": \"etc/a\" must be an absolute path below / without \"..\"");
    CHECK(catalogError(R"({"id": "a", "name": "A", "detect": {"units": ["a"]}, "freeze": {"command": ["x"], "timeoutSeconds": 0}})")
          == "cat.json: \"applications[0].freeze.timeoutSeconds\" must be a whole number of seconds from 1 to 3600");
    Result<ApplicationCatalog> wrongVersion = ApplicationCatalog::fromJson(R"({"version": 2, "applications": []})", QStringLiteral("cat.json"));
    REQUIRE_FALSE(wrongVersion.ok());
    CHECK(wrongVersion.error().message == QStringLiteral("cat.json: \"version\" must be 1"));
    Result<ApplicationCatalog> missing = ApplicationCatalog::load(QStringLiteral("/nonexistent/catalog.json"));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.startsWith(QStringLiteral("/nonexistent/catalog.json: cannot read application catalog")));
}

TEST_CASE("detection reports every piece of evidence, in catalog order")
{
    const ApplicationCatalog catalog = shipped();
    FakeFacts facts;
    facts.packages = {QStringLiteral("coreutils"), QStringLiteral("openssh-server"), QStringLiteral("postgresql-15"),
                      QStringLiteral("postgresql-client-15")};
    facts.units = {QStringLiteral("nginx.service"), QStringLiteral("ssh.service"), QStringLiteral("ssh@.service"),
                   QStringLiteral("systemd-journald.service")};
    facts.binaries = {{QStringLiteral("redis-server"), QStringLiteral("/usr/bin/redis-server")},
                      {QStringLiteral("sshd"), QStringLiteral("/usr/sbin/sshd")}};
    Result<QList<DetectedApplication>> detected = catalog.detectInstalled(facts);
    REQUIRE(detected.ok());
    CHECK(ids(*detected)
          == QStringList{QStringLiteral("postgresql"), QStringLiteral("nginx"), QStringLiteral("redis"), QStringLiteral("openssh")});
    CHECK(detected->at(0).evidence == QStringList{QStringLiteral("package postgresql-15 installed")});
    CHECK(detected->at(1).evidence == QStringList{QStringLiteral("unit nginx.service present")});
    CHECK(detected->at(2).evidence == QStringList{QStringLiteral("binary /usr/bin/redis-server found")});
    CHECK(detected->at(3).evidence
          == QStringList{QStringLiteral("package openssh-server installed"), QStringLiteral("unit ssh.service present"),
                         QStringLiteral("unit ssh@.service present"), QStringLiteral("binary /usr/sbin/sshd found")});

    FakeFacts nothing;
    nothing.packages = {QStringLiteral("coreutils")};
    REQUIRE(catalog.detectInstalled(nothing).ok());
    CHECK(catalog.detectInstalled(nothing)->isEmpty());

    FakeFacts broken;
    broken.failPackages = true;
    Result<QList<DetectedApplication>> failed = catalog.detectInstalled(broken);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().message
          == QStringLiteral("application detection: cannot read the package database /x/status: gone"));
}

TEST_CASE("dpkg status parsing: only packages whose status is installed")
{
    const QByteArray status = "Package: coreutils\n"
                              "Essential: yes\n"
                              "Status: install ok installed\n"
                              "Description: GNU core utilities\n"
                              " Package: not-a-field\n"
                              " .\n"
                              "\n"
                              "Package: held\n"
                              "Status: hold ok installed\n"
                              "\n"
                              "Package: removed\n"
                              "Status: deinstall ok config-files\n"
                              "\n"
                              "Package: half\n"
                              "Status: install reinstreq half-installed\n"
                              "\n\n"
                              "Status: install ok installed\n"
                              "Package: libc6\n"
                              "Architecture: amd64\n";
    CHECK(HostSystemFacts::parseDpkgStatus(status)
          == QStringList{QStringLiteral("coreutils"), QStringLiteral("held"), QStringLiteral("libc6")});
    CHECK(HostSystemFacts::parseDpkgStatus(QByteArray()).isEmpty());
}

TEST_CASE("HostSystemFacts reads a Debian system below a root directory")
{
    test::ScratchDir root("system-facts");
    test::writeFile(root / "var/lib/dpkg/status",
                    "Package: openssh-server\nStatus: install ok installed\n\nPackage: nginx\nStatus: deinstall ok config-files\n");
    test::writeFile(root / "usr/lib/systemd/system/ssh.service", "[Unit]\n");
    test::writeFile(root / "usr/lib/systemd/system/haproxy.service", "[Unit]\n");
    test::writeFile(root / "etc/systemd/system/multi-user.target.wants/ssh.service", "[Unit]\n");
    test::writeFile(root / "etc/systemd/system/sshd.service", "[Unit]\n");
    test::writeFile(root / "usr/sbin/sshd", "#!/bin/true\n", 0755);
    test::writeFile(root / "usr/sbin/nginx", "not executable\n", 0644);
    test::writeFile(root / "usr/local/bin/redis-server", "#!/bin/true\n", 0755);

    const HostSystemFacts facts(root.path() + '/');
    CHECK(facts.installedPackages().value() == QStringList{QStringLiteral("openssh-server")});
    CHECK(facts.unitFiles().value()
          == QStringList{QStringLiteral("haproxy.service"), QStringLiteral("ssh.service"), QStringLiteral("sshd.service")});
    CHECK(facts.findBinary(QStringLiteral("sshd")) == QStringLiteral("/usr/sbin/sshd"));
    CHECK(facts.findBinary(QStringLiteral("nginx")).isEmpty());
    CHECK(facts.findBinary(QStringLiteral("redis-server")) == QStringLiteral("/usr/local/bin/redis-server"));
    CHECK(facts.findBinary(QStringLiteral("../sbin/sshd")).isEmpty());

    Result<QList<DetectedApplication>> detected = shipped().detectInstalled(facts);
    REQUIRE(detected.ok());
    CHECK(ids(*detected) == QStringList{QStringLiteral("redis"), QStringLiteral("openssh"), QStringLiteral("haproxy")});

    const HostSystemFacts empty(root.path() + "/nonexistent");
    Result<QStringList> none = empty.installedPackages();
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message.contains(QStringLiteral("/nonexistent/var/lib/dpkg/status")));
    CHECK(empty.unitFiles().value().isEmpty());  // no unit directories: nothing present
}

TEST_CASE("HostSystemFacts on this machine")
{
    const HostSystemFacts facts;
    Result<QStringList> packages = facts.installedPackages();
    REQUIRE(packages.ok());
    CHECK(packages->contains(QStringLiteral("coreutils")));
    CHECK(facts.findBinary(QStringLiteral("ls")).endsWith(QStringLiteral("/ls")));
    REQUIRE(facts.unitFiles().ok());
    Result<QList<DetectedApplication>> detected = shipped().detectInstalled(facts);
    REQUIRE(detected.ok());
    for (const DetectedApplication &d : *detected)
        CHECK_FALSE(d.evidence.isEmpty());
}

TEST_CASE("detected applications are adopted into a profile: program and config in, data out unless opted in")
{
    const ApplicationCatalog catalog = shipped();
    FakeFacts facts;
    facts.packages = {QStringLiteral("postgresql-15"), QStringLiteral("openssh-server")};
    const QList<DetectedApplication> detected = catalog.detectInstalled(facts).value();

    const QList<ProtectedApplication> apps = ApplicationCatalog::toProfileApplications(detected);
    REQUIRE(apps.size() == 2);
    const ProtectedApplication &pg = apps[0];
    CHECK(pg.id == QStringLiteral("postgresql"));
    CHECK(pg.name == QStringLiteral("PostgreSQL"));
    REQUIRE(pg.config.size() == 2);
    CHECK(pg.config[0].path == "/etc/postgresql");
    CHECK(pg.config[0].optional);
    CHECK(pg.program.first().optional);
    REQUIRE(pg.data.size() == 1);
    CHECK_FALSE(pg.includeData);
    CHECK(pg.freeze == catalog.find(QStringLiteral("postgresql"))->freeze);

    AdoptOptions withData;
    withData.includeData = true;
    withData.suggestedHooks = false;
    const QList<ProtectedApplication> opted = ApplicationCatalog::toProfileApplications(detected, withData);
    CHECK(opted[0].includeData);
    CHECK_FALSE(opted[0].freeze.isSet());

    // Into a profile that already protects openssh: only postgresql is added; the plan resolves
    // on a root that has only some of the paths (they are optional), excludes the data and
    // carries the freeze.
    test::ScratchDir root("adopt");
    test::writeFile(root / "etc/postgresql/15/main/postgresql.conf", "port = 5432\n");
    test::writeFile(root / "usr/lib/postgresql/15/bin/postgres", "ELF");
    test::writeFile(root / "var/lib/postgresql/15/main/PG_VERSION", "15\n");
    ProtectionProfile profile;
    profile.sourceRoot = root.path();
    ProtectedApplication ssh;
    ssh.id = QStringLiteral("openssh");
    profile.applications = {ssh};
    profile.include = {PathSpec{"/var/lib", false}};
    CHECK(ApplicationCatalog::adoptInto(profile, detected) == 1);
    REQUIRE(profile.applications.size() == 2);
    CHECK(profile.applications[1].id == QStringLiteral("postgresql"));
    CHECK(ApplicationCatalog::adoptInto(profile, detected) == 0);

    Result<ProtectionProfile> reread = ProtectionProfile::fromJson(profile.toJson(), QStringLiteral("adopted"));
    REQUIRE(reread.ok());
    reread->sourceRoot = root.path();
    Result<SelectionPlan> plan = SelectionPlan::build(&reread.value(), SelectionOverrides{});
    REQUIRE(plan.ok());
    CHECK(plan->includes == QList<QByteArray>{"etc/postgresql", "usr/lib/postgresql", "var/lib"});
    CHECK(plan->excludes.isExcluded("var/lib/postgresql/15/main/PG_VERSION", false));
    REQUIRE(plan->quiesce.size() == 1);
    CHECK(plan->quiesce[0].application == QStringLiteral("postgresql"));
    CHECK(plan->quiesce[0].timeoutSeconds == 120);
}
