// SPDX-License-Identifier: GPL-3.0-or-later
// st-hostile-peers: holds hostile connections of several kinds open against one agent until
// it is stopped (SIGTERM/SIGINT), reconnecting (after --pause ms) whenever the agent drops
// one, and then prints what it saw as one JSON line. Test tool for the load test; one thread.
//
//   --target ADDR:PORT     the agent
//   --bind-base N          source addresses 127.0.0.N, 127.0.0.N+1, ... (--addresses of them)
//   --plain N              plain TCP connections that never start TLS
//   --tls-silent N         TLS connections (own certificate) that never send Hello
//   --ping-flood N         unpaired: Hello, then Pings as fast as the socket takes them
//   --slow-readers N       with --identity DIR (a paired Primary's state directory): Hello, then
//                          Pings without ever reading the answers
#include "net/Identity.h"
#include "net/Messages.h"
#include "net/Protocol.h"
#include "net/TlsPolicy.h"
#include "util/Version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace st;

namespace {

int g_signalPipe[2];

enum class Kind { Plain, TlsSilent, PingFlood, SlowReader };

struct Stats {
    qint64 connects = 0;
    qint64 dropped = 0;      // connections the agent closed
    qint64 handshakes = 0;   // TLS handshakes that completed
    qint64 pingsSent = 0;
    qint64 errorFrames = 0;  // Error frames read (ping floods)
};

class Peers : public QObject {
public:
    Peers(QString host, quint16 port, int bindBase, int addresses, int pauseMs, Identity own, Identity paired)
        : m_host(std::move(host)), m_port(port), m_bindBase(bindBase), m_addresses(std::max(1, addresses)), m_pauseMs(pauseMs),
          m_own(std::move(own)), m_paired(std::move(paired))
    {
    }

    void open(Kind kind, int count)
    {
        for (int i = 0; i < count; ++i)
            connectOne(kind, m_next++);
    }

    QJsonObject report() const
    {
        QJsonObject o;
        const char *names[] = {"plain", "tlsSilent", "pingFlood", "slowReader"};
        for (int k = 0; k < 4; ++k) {
            const Stats &s = m_stats[k];
            o.insert(QString::fromLatin1(names[k]), QJsonObject{{QStringLiteral("connects"), s.connects}, {QStringLiteral("dropped"), s.dropped},
                                                                 {QStringLiteral("handshakes"), s.handshakes}, {QStringLiteral("pingsSent"), s.pingsSent},
                                                                 {QStringLiteral("errorFrames"), s.errorFrames}});
        }
        return o;
    }

private:
    void connectOne(Kind kind, int index)
    {
        Stats &stats = m_stats[static_cast<int>(kind)];
        ++stats.connects;
        auto *socket = new QSslSocket(this);
        const QString source = QStringLiteral("127.0.0.%1").arg(m_bindBase + index % m_addresses);
        socket->bind(QHostAddress(source), 0);
        connect(socket, &QSslSocket::disconnected, this, [this, socket, kind, index] {
            ++m_stats[static_cast<int>(kind)].dropped;
            socket->deleteLater();
            QTimer::singleShot(m_pauseMs, this, [this, kind, index] { connectOne(kind, index); });
        });
        connect(socket, &QSslSocket::errorOccurred, this, [socket](QAbstractSocket::SocketError e) {
            if (e == QAbstractSocket::ConnectionRefusedError || e == QAbstractSocket::NetworkError)
                socket->abort();
        });
        if (kind == Kind::Plain) {
            socket->connectToHost(m_host, m_port);  // no TLS: just sits there
            return;
        }
        const Identity &id = kind == Kind::SlowReader ? m_paired : m_own;
        QSslConfiguration tls = tlsConfiguration(id);
        socket->setSslConfiguration(tls);
        connect(socket, &QSslSocket::sslErrors, socket, [socket](const QList<QSslError> &errors) { acceptSelfSigned(socket, errors); });
        connect(socket, &QSslSocket::encrypted, this, [this, socket, kind] {
            ++m_stats[static_cast<int>(kind)].handshakes;
            if (kind == Kind::TlsSilent)
                return;
            msg::Hello hello;
            hello.protocol = kProtocolVersion;
            hello.version = productVersion();
            hello.host = QStringLiteral("hostile");
            socket->write(proto::encodeJson(proto::Type::Hello, hello.toJson()));
            if (kind == Kind::SlowReader)
                socket->setReadBufferSize(1024);  // stop taking what the agent sends: its TCP window closes
            flood(socket, kind);
        });
        if (kind == Kind::PingFlood)
            connect(socket, &QSslSocket::readyRead, this, [this, socket] {
                const QByteArray all = socket->readAll();
                if (all.contains("\"code\""))
                    ++m_stats[static_cast<int>(Kind::PingFlood)].errorFrames;
            });
        connect(socket, &QSslSocket::encryptedBytesWritten, this, [this, socket, kind] { flood(socket, kind); });
        socket->connectToHostEncrypted(m_host, m_port);
    }

    void flood(QSslSocket *socket, Kind kind)
    {
        if (socket->state() != QAbstractSocket::ConnectedState || !socket->isEncrypted())
            return;
        static const QByteArray ping = proto::encodeJson(proto::Type::Ping, QJsonObject());
        // Keep 64 KiB queued: as fast as the link takes them, without growing this process.
        while (socket->bytesToWrite() + socket->encryptedBytesToWrite() < (64 << 10)) {
            socket->write(ping);
            ++m_stats[static_cast<int>(kind)].pingsSent;
        }
    }

    QString m_host;
    quint16 m_port;
    int m_bindBase;
    int m_addresses;
    int m_pauseMs;
    Identity m_own;
    Identity m_paired;
    int m_next = 0;
    Stats m_stats[4];
};

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    for (const char *o : {"target", "bind-base", "addresses", "pause", "plain", "tls-silent", "ping-flood", "slow-readers", "identity"})
        p.addOption({QString::fromLatin1(o), QString::fromLatin1(o), QStringLiteral("VALUE")});
    p.process(app);
    const QString target = p.value(QStringLiteral("target"));
    const qsizetype colon = target.lastIndexOf(QLatin1Char(':'));
    if (colon < 0) {
        fprintf(stderr, "st-hostile-peers: --target ADDR:PORT is required\n");
        return 2;
    }
    auto number = [&](const char *name, int fallback) {
        return p.isSet(QString::fromLatin1(name)) ? p.value(QString::fromLatin1(name)).toInt() : fallback;
    };
    QTemporaryDir ownDir;
    auto own = Identity::loadOrCreate(ownDir.path() + QStringLiteral("/id"), QStringLiteral("hostile-peer"));
    Identity paired;
    if (p.isSet(QStringLiteral("identity"))) {
        auto loaded = Identity::loadOrCreate(p.value(QStringLiteral("identity")), QStringLiteral("unused"));
        if (!loaded) {
            fprintf(stderr, "st-hostile-peers: %s\n", loaded.error().message.toLocal8Bit().constData());
            return 2;
        }
        paired = *loaded;
    }
    if (!own) {
        fprintf(stderr, "st-hostile-peers: %s\n", own.error().message.toLocal8Bit().constData());
        return 2;
    }
    Peers peers(target.left(colon), static_cast<quint16>(target.mid(colon + 1).toUInt()), number("bind-base", 2), number("addresses", 1),
                number("pause", 50), *own, paired);
    peers.open(Kind::Plain, number("plain", 0));
    peers.open(Kind::TlsSilent, number("tls-silent", 0));
    peers.open(Kind::PingFlood, number("ping-flood", 0));
    peers.open(Kind::SlowReader, paired.certificate.isNull() ? 0 : number("slow-readers", 0));

    if (::pipe(g_signalPipe) != 0)
        return 2;
    struct sigaction sa{};
    sa.sa_handler = [](int) {
        const char c = 1;
        (void)!::write(g_signalPipe[1], &c, 1);
    };
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);
    QSocketNotifier stop(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&stop, &QSocketNotifier::activated, &app, [&] {
        fprintf(stdout, "%s\n", QJsonDocument(peers.report()).toJson(QJsonDocument::Compact).constData());
        fflush(stdout);
        app.quit();
    });
    fprintf(stdout, "ready\n");
    fflush(stdout);
    return app.exec();
}
