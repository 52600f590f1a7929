// SPDX-License-Identifier: GPL-3.0-or-later
// servertwin-fault-proxy: the fault suite's own TCP proxy, for the faults the kernel cannot
// inject here (no netem): byte corruption and delay. Test-only tool.
//
//   servertwin-fault-proxy --listen IP:PORT --connect IP:PORT
//                          [--corrupt-every BYTES] [--delay-ms MS] [--seed N]
//
// Every accepted connection is forwarded to --connect. --corrupt-every N flips one random
// byte in each N bytes sent from the client to the server (inside TLS records: the receiver
// must notice). --delay-ms holds every forwarded read for MS milliseconds (both directions).
// It prints "corrupted N" lines on stdout and exits on SIGTERM.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>

namespace {

struct Options {
    sockaddr_in listen{};
    sockaddr_in connect{};
    long long corruptEvery = 0;
    int delayMs = 0;
    unsigned seed = 1;
};

std::atomic<long long> g_corrupted{0};

bool parseAddress(const char *text, sockaddr_in *out)
{
    const std::string s(text);
    const auto colon = s.rfind(':');
    if (colon == std::string::npos)
        return false;
    out->sin_family = AF_INET;
    out->sin_port = htons(static_cast<uint16_t>(std::atoi(s.c_str() + colon + 1)));
    return inet_pton(AF_INET, s.substr(0, colon).c_str(), &out->sin_addr) == 1;
}

bool writeAll(int fd, const char *data, size_t len)
{
    while (len > 0) {
        const ssize_t n = ::send(fd, data, len, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        data += n;
        len -= static_cast<size_t>(n);
    }
    return true;
}

void pump(int from, int to, const Options &o, bool corrupt, unsigned seed)
{
    std::mt19937_64 rng(seed);
    char buf[65536];
    long long untilCorrupt = corrupt && o.corruptEvery > 0
        ? static_cast<long long>(rng() % static_cast<unsigned long long>(o.corruptEvery)) + 1 : -1;
    for (;;) {
        const ssize_t n = ::recv(from, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        if (untilCorrupt > 0) {
            if (untilCorrupt <= n) {
                buf[untilCorrupt - 1] ^= static_cast<char>(1 + rng() % 255);
                const long long count = ++g_corrupted;
                std::printf("corrupted %lld\n", count);
                std::fflush(stdout);
                untilCorrupt += o.corruptEvery;
            }
            untilCorrupt -= n;
        }
        if (o.delayMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(o.delayMs));
        if (!writeAll(to, buf, static_cast<size_t>(n)))
            break;
    }
    ::shutdown(to, SHUT_WR);
    ::shutdown(from, SHUT_RD);
}

}  // namespace

int main(int argc, char **argv)
{
    Options o;
    bool haveListen = false, haveConnect = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const char *value = argv[i + 1];
        if (key == "--listen")
            haveListen = parseAddress(value, &o.listen);
        else if (key == "--connect")
            haveConnect = parseAddress(value, &o.connect);
        else if (key == "--corrupt-every")
            o.corruptEvery = std::atoll(value);
        else if (key == "--delay-ms")
            o.delayMs = std::atoi(value);
        else if (key == "--seed")
            o.seed = static_cast<unsigned>(std::atoi(value));
        else {
            std::fprintf(stderr, "servertwin-fault-proxy: unknown option %s\n", key.c_str());
            return 2;
        }
    }
    if (!haveListen || !haveConnect) {
        std::fprintf(stderr, "usage: servertwin-fault-proxy --listen IP:PORT --connect IP:PORT [--corrupt-every BYTES] [--delay-ms MS] [--seed N]\n");
        return 2;
    }
    const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(server, reinterpret_cast<sockaddr *>(&o.listen), sizeof o.listen) != 0 || ::listen(server, 16) != 0) {
        std::fprintf(stderr, "servertwin-fault-proxy: cannot listen: %s\n", std::strerror(errno));
        return 1;
    }
    std::printf("listening\n");
    std::fflush(stdout);
    unsigned connection = 0;
    for (;;) {
        const int client = ::accept4(server, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0)
            continue;
        const int upstream = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (::connect(upstream, reinterpret_cast<sockaddr *>(&o.connect), sizeof o.connect) != 0) {
            ::close(upstream);
            ::close(client);
            continue;
        }
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ++connection;
        std::thread([client, upstream, &o, connection] {
            std::thread back([client, upstream, &o, connection] { pump(upstream, client, o, false, o.seed + connection * 2); });
            pump(client, upstream, o, true, o.seed + connection * 2 + 1);
            back.join();
            ::close(client);
            ::close(upstream);
        }).detach();
    }
}
