// SPDX-License-Identifier: GPL-3.0-or-later
#include "load/AgentProbe.h"

#include "net/Messages.h"
#include "net/Protocol.h"
#include "net/TlsPolicy.h"
#include "util/Version.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSslSocket>

namespace st::test {

HandshakeResult primaryHandshake(quint16 port, const Identity &identity, int timeoutMs)
{
    HandshakeResult r;
    QElapsedTimer clock;
    clock.start();
    QSslSocket socket;
    socket.setSslConfiguration(tlsConfiguration(identity));
    QObject::connect(&socket, &QSslSocket::sslErrors, &socket, [&socket](const QList<QSslError> &errors) { acceptSelfSigned(&socket, errors); });
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForEncrypted(timeoutMs)) {
        r.error = QStringLiteral("no TLS handshake: ") + socket.errorString();
        return r;
    }
    msg::Hello hello;
    hello.protocol = kProtocolVersion;
    hello.version = productVersion();
    hello.host = QStringLiteral("probe");
    socket.write(proto::encodeJson(proto::Type::Hello, hello.toJson()));
    proto::FrameReader reader;
    while (clock.elapsed() < timeoutMs) {
        auto frame = reader.next(socket);
        if (!frame) {
            r.error = frame.error().message;
            return r;
        }
        if (frame->has_value()) {
            const proto::Frame &f = **frame;
            r.firstFrame = QByteArray(1, static_cast<char>(f.type)) + f.payload;
            if (f.type != proto::Type::Welcome) {
                r.error = QStringLiteral("first frame was %1: %2").arg(proto::typeName(static_cast<quint8>(f.type)), QString::fromUtf8(f.payload));
                return r;
            }
            auto json = proto::parseJson(f);
            auto welcome = json ? msg::Welcome::parse(*json) : Result<msg::Welcome>(json.error());
            r.paired = welcome && welcome->paired;
            r.ms = clock.elapsed();
            socket.disconnectFromHost();
            return r;
        }
        if (!socket.waitForReadyRead(static_cast<int>(std::max<qint64>(1, timeoutMs - clock.elapsed())))) {
            r.error = QStringLiteral("no Welcome: ") + socket.errorString();
            return r;
        }
    }
    r.error = QStringLiteral("no Welcome within %1 ms").arg(timeoutMs);
    return r;
}

GetInResult primaryGetsIn(quint16 port, const Identity &identity, int withinMs)
{
    GetInResult r;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < withinMs) {
        ++r.attempts;
        r.last = primaryHandshake(port, identity, static_cast<int>(std::max<qint64>(1000, withinMs - clock.elapsed())));
        if (r.last.ms >= 0) {
            r.ms = clock.elapsed();
            break;
        }
        r.failures.append(r.last.error);
    }
    return r;
}

qint64 procStatusKiB(qint64 pid, const char *field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

int tcpSocketsInState(quint16 port, const char *stateHex)
{
    int n = 0;
    for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile f(QString::fromLatin1(table));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray portHex = QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
        for (const QByteArray &line : f.readAll().split('\n')) {
            const QList<QByteArray> cols = line.simplified().split(' ');
            if (cols.size() < 4 || !cols[1].endsWith(':' + portHex))
                continue;
            if (cols[3] == stateHex)
                ++n;
        }
    }
    return n;
}

Identity strangerIdentity(const QByteArray &dir)
{
    auto id = Identity::loadOrCreate(QString::fromLocal8Bit(dir), QStringLiteral("stranger"));
    return id ? *id : Identity();
}

}  // namespace st::test
