// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer harness for the restore path: the fuzzed bytes are a clone stream (zstd-framed
// when they start with the zstd magic, else a bare tar stream) that SecureExtractor unpacks
// into a fresh staging directory inside a temporary root. Sentinel oracle: next to the
// staging area lies outside/sentinel, and the staging directory holds planted symlinks to it
// and to its directory; after every input the sentinel (content, inode, mode, times) and the
// outside directory are unchanged and nothing exists in the root but "outside" and
// "staging". Limits are small so a bomb is refused quickly.
#include "archive/ByteStream.h"
#include "archive/ZstdStream.h"
#include "restore/SecureExtractor.h"
#include "util/SafeFs.h"
#include "util/UniqueFd.h"

#include <QByteArray>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>

using namespace st;

namespace {

const QByteArray kSentinelContent = QByteArrayLiteral("sentinel: must never change\n");

[[noreturn]] void fail(const char *what, const std::string &detail = {})
{
    fprintf(stderr, "restore fuzzer: oracle failed: %s %s\n", what, detail.c_str());
    abort();
}

class MemorySource final : public ByteSource {
public:
    MemorySource(const uint8_t *data, size_t size) : m_data(data), m_size(size) {}
    Result<size_t> read(char *buffer, size_t cap) override
    {
        const size_t n = std::min({cap, m_size - m_pos, size_t{4093}});
        memcpy(buffer, m_data + m_pos, n);
        m_pos += n;
        return n;
    }

private:
    const uint8_t *m_data;
    size_t m_size;
    size_t m_pos = 0;
};

std::set<std::string> names(int dirFd)
{
    std::set<std::string> out;
    const int fd = openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dir = fd >= 0 ? fdopendir(fd) : nullptr;
    if (!dir)
        fail("cannot list a directory", strerror(errno));
    while (dirent *e = readdir(dir))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            out.insert(e->d_name);
    closedir(dir);
    return out;
}

struct Fixture {
    std::string parent;
    std::string name;
    std::string root;
    UniqueFd rootFd;
    UniqueFd stagingParent;
    struct stat sentinel{};

    Fixture()
    {
        const char *tmp = getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/st-restore-fuzz-XXXXXX";
        if (!mkdtemp(pattern.data()))
            fail("mkdtemp", strerror(errno));
        root = pattern;
        parent = root.substr(0, root.rfind('/'));
        name = root.substr(root.rfind('/') + 1);
        rootFd = UniqueFd(open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (mkdirat(rootFd.get(), "outside", 0755) != 0 || mkdirat(rootFd.get(), "staging", 0755) != 0)
            fail("mkdir", strerror(errno));
        const int fd = openat(rootFd.get(), "outside/sentinel", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 || write(fd, kSentinelContent.constData(), static_cast<size_t>(kSentinelContent.size())) != kSentinelContent.size())
            fail("cannot write the sentinel");
        close(fd);
        if (fstatat(rootFd.get(), "outside/sentinel", &sentinel, AT_SYMLINK_NOFOLLOW) != 0)
            fail("stat sentinel");
        stagingParent = UniqueFd(openat(rootFd.get(), "staging", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    }

    ~Fixture()
    {
        rootFd.reset();
        stagingParent.reset();
        UniqueFd parentFd(open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (parentFd.valid())
            (void)removeRecursiveAt(parentFd.get(), QByteArray::fromStdString(name));
    }

    void verifyUntouched() const
    {
        struct stat now{};
        if (fstatat(rootFd.get(), "outside/sentinel", &now, AT_SYMLINK_NOFOLLOW) != 0)
            fail("the sentinel is gone", strerror(errno));
        if (now.st_ino != sentinel.st_ino || now.st_mode != sentinel.st_mode || now.st_uid != sentinel.st_uid
            || now.st_gid != sentinel.st_gid || now.st_size != sentinel.st_size || now.st_nlink != sentinel.st_nlink
            || now.st_mtim.tv_sec != sentinel.st_mtim.tv_sec || now.st_mtim.tv_nsec != sentinel.st_mtim.tv_nsec
            || now.st_ctim.tv_sec != sentinel.st_ctim.tv_sec || now.st_ctim.tv_nsec != sentinel.st_ctim.tv_nsec)
            fail("the sentinel's inode changed (mode, owner, size, links or times)");
        char buf[128];
        const int fd = openat(rootFd.get(), "outside/sentinel", O_RDONLY | O_CLOEXEC);
        const ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
        if (fd >= 0)
            close(fd);
        if (n != kSentinelContent.size() || memcmp(buf, kSentinelContent.constData(), static_cast<size_t>(n)) != 0)
            fail("the sentinel's content changed");
        UniqueFd outside(openat(rootFd.get(), "outside", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (names(outside.get()) != std::set<std::string>{"sentinel"})
            fail("something was created in the outside directory");
        if (names(rootFd.get()) != std::set<std::string>{"outside", "staging"})
            fail("something was created in the root next to the staging area");
    }
};

Fixture &fixture()
{
    static Fixture f;
    return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fixture &f = fixture();
    static unsigned long run = 0;
    const std::string id = std::to_string(++run);
    if (mkdirat(f.stagingParent.get(), id.c_str(), 0755) != 0)
        fail("mkdir staging", strerror(errno));
    UniqueFd staging(openat(f.stagingParent.get(), id.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    // Planted by "an earlier clone": links out of the staging root that must never be followed.
    if (symlinkat("../../outside/sentinel", staging.get(), "planted") != 0
        || symlinkat("../../outside", staging.get(), "planteddir") != 0)
        fail("symlink", strerror(errno));

    ExtractOptions options;
    options.restoreOwnership = false;
    options.allowDevices = false;  // device nodes in /tmp would be real devices
    options.limits.maxEntries = 4096;
    options.limits.maxTotalBytes = 16 << 20;
    options.limits.manifest.maxBytes = 1 << 20;
    options.limits.maxMemoryBytes = 32 << 20;
    SecureExtractor extractor(staging.get(), options, CancelToken());
    MemorySource raw(data, size);
    static const uint8_t zstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
    if (size >= 4 && memcmp(data, zstdMagic, 4) == 0) {
        ZstdDecompressSource tar(raw, 20);  // a 1 MiB window: bigger ones are refused
        (void)extractor.run(tar);
    } else {
        (void)extractor.run(raw);
    }
    staging.reset();
    f.verifyUntouched();
    if (Status s = removeRecursiveAt(f.stagingParent.get(), QByteArray::fromStdString(id)); !s)
        fail("cannot remove the staging directory", s.error().message.toStdString());
    return 0;
}
