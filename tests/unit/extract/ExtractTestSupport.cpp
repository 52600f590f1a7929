// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExtractTestSupport.h"

#include "support/TestTree.h"

#include "util/Sha256.h"

#include <archive.h>
#include <archive_entry.h>

#include <QList>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace st::test {

namespace {
void require(bool ok, const QByteArray &what)
{
    if (!ok)
        throw std::runtime_error(what.toStdString());
}

la_ssize_t appendCallback(archive *, void *self, const void *data, size_t len)
{
    static_cast<QByteArray *>(self)->append(static_cast<const char *>(data), static_cast<qsizetype>(len));
    return static_cast<la_ssize_t>(len);
}

EntryType typeOf(unsigned type)
{
    switch (type) {
    case AE_IFDIR: return EntryType::Directory;
    case AE_IFLNK: return EntryType::Symlink;
    case AE_IFIFO: return EntryType::Fifo;
    case AE_IFCHR: return EntryType::CharDevice;
    case AE_IFBLK: return EntryType::BlockDevice;
    default: return EntryType::File;
    }
}

QStringList listing(const QByteArray &dir)
{
    QList<QByteArray> names;
    names = st::test::listTree(dir);
    QStringList out;
    for (const QByteArray &n : names)
        out << QString::fromLatin1(n.toHex());
    return out;
}
}  // namespace

Result<size_t> MemorySource::read(char *buffer, size_t cap)
{
    if (hook) {
        if (std::optional<Error> e = hook(m_pos))
            return *e;
    }
    const size_t n = std::min({cap, m_chunk, static_cast<size_t>(m_data.size() - m_pos)});
    std::memcpy(buffer, m_data.constData() + m_pos, n);
    m_pos += static_cast<qint64>(n);
    return n;
}

TarBuilder::TarBuilder(bool binaryHeaders) : m_archive(archive_write_new())
{
    require(archive_write_set_format_pax(m_archive) == ARCHIVE_OK, "pax format");
    if (binaryHeaders)
        require(archive_write_set_options(m_archive, "hdrcharset=BINARY") >= ARCHIVE_WARN, "hdrcharset");
    require(archive_write_set_bytes_per_block(m_archive, 0) == ARCHIVE_OK, "unblocked output");
    require(archive_write_open2(m_archive, &m_data, nullptr, &appendCallback, nullptr, nullptr) == ARCHIVE_OK, "open");
    m_manifest.header.sourceHost = QStringLiteral("primary.test");
    m_manifest.header.sourceRoot = "/";
    m_manifest.header.snapshot = QStringLiteral("none");
}

TarBuilder::~TarBuilder()
{
    archive_write_free(m_archive);
}

archive_entry *TarBuilder::newEntry(const QByteArray &path, unsigned type, int mode) const
{
    archive_entry *e = archive_entry_new();
    archive_entry_copy_pathname(e, path.constData());
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, static_cast<mode_t>(mode));
    archive_entry_set_mtime(e, 1600000000, 250000000);
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    return e;
}

void TarBuilder::addEntry(archive_entry *entry, const QByteArray &data)
{
    require(archive_write_header(m_archive, entry) >= ARCHIVE_WARN,
            QByteArray("write header: ") + archive_error_string(m_archive));
    if (!data.isEmpty())
        require(archive_write_data(m_archive, data.constData(), static_cast<size_t>(data.size())) == data.size(), "write data");
}

void TarBuilder::addRaw(const QByteArray &blocks)
{
    require(blocks.size() % 512 == 0, "raw tar data must be whole blocks");
    require(archive_write_finish_entry(m_archive) == ARCHIVE_OK, "finish entry");  // pads the previous entry now
    m_data.append(blocks);
}

QByteArray ustarEntry(const QByteArray &name, char typeflag, const QByteArray &data, const QByteArray &linkname)
{
    QByteArray h(512, '\0');
    auto put = [&](int offset, const QByteArray &value) { h.replace(offset, value.size(), value); };
    auto octal = [](qint64 v, int width) { return QByteArray::number(v, 8).rightJustified(width - 1, '0'); };
    put(0, name.left(100));
    put(100, octal(0644, 8));
    put(108, octal(0, 8));
    put(116, octal(0, 8));
    put(124, octal(data.size(), 12));
    put(136, octal(1600000000, 12));
    put(148, QByteArray(8, ' '));
    h[156] = typeflag;
    put(157, linkname.left(100));
    put(257, QByteArray("ustar\0" "00", 8));
    unsigned sum = 0;
    for (char c : std::as_const(h))
        sum += static_cast<unsigned char>(c);
    put(148, octal(sum, 7) + '\0');
    QByteArray padded = data;
    padded.append(QByteArray((512 - data.size() % 512) % 512, '\0'));
    return h + padded;
}

void TarBuilder::addFile(const QByteArray &path, const QByteArray &content, int mode, bool list)
{
    archive_entry *e = newEntry(path, AE_IFREG, mode);
    archive_entry_set_size(e, content.size());
    addEntry(e, content);
    archive_entry_free(e);
    if (list)
        m_manifest.add({path, EntryType::File, content.size(), Sha256::of(content), {}});
}

void TarBuilder::addDirectory(const QByteArray &path, int mode, bool list)
{
    archive_entry *e = newEntry(path, AE_IFDIR, mode);
    addEntry(e, {});
    archive_entry_free(e);
    if (list)
        m_manifest.add({path, EntryType::Directory, 0, {}, {}});
}

void TarBuilder::addSymlink(const QByteArray &path, const QByteArray &target, bool list)
{
    archive_entry *e = newEntry(path, AE_IFLNK, 0777);
    archive_entry_copy_symlink(e, target.constData());
    addEntry(e, {});
    archive_entry_free(e);
    if (list)
        m_manifest.add({path, EntryType::Symlink, 0, {}, {}});
}

void TarBuilder::addHardLink(const QByteArray &path, const QByteArray &target, bool list)
{
    archive_entry *e = newEntry(path, AE_IFREG, 0644);
    archive_entry_copy_hardlink(e, target.constData());
    archive_entry_set_size(e, 0);
    addEntry(e, {});
    archive_entry_free(e);
    if (list)
        m_manifest.add({path, EntryType::HardLink, 0, {}, target});
}

void TarBuilder::addNode(const QByteArray &path, unsigned type, dev_t rdev, bool list)
{
    archive_entry *e = newEntry(path, type, 0640);
    archive_entry_set_rdev(e, rdev);
    addEntry(e, {});
    archive_entry_free(e);
    if (list)
        m_manifest.add({path, typeOf(type), 0, {}, {}});
}

void TarBuilder::addManifest(const QByteArray &text)
{
    const QByteArray body = text.isEmpty() ? m_manifest.serialize() : text;
    archive_entry *e = newEntry(Manifest::entryName(), AE_IFREG, 0600);
    archive_entry_set_size(e, body.size());
    addEntry(e, body);
    archive_entry_free(e);
}

QByteArray TarBuilder::finish()
{
    if (!m_finished) {
        require(archive_write_close(m_archive) == ARCHIVE_OK, "close");
        m_finished = true;
    }
    return m_data;
}

void archiveTree(const QByteArray &root, TarBuilder &builder)
{
    archive *disk = archive_read_disk_new();
    archive_read_disk_set_symlink_physical(disk);
    archive_entry_linkresolver *resolver = archive_entry_linkresolver_new();
    archive_entry_linkresolver_set_strategy(resolver, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED);
    QList<QByteArray> paths;
    paths = st::test::listTree(root);
    for (const QByteArray &rel : std::as_const(paths)) {
        const QByteArray abs = root + '/' + rel;
        struct stat st{};
        require(lstat(abs.constData(), &st) == 0, "lstat " + abs);
        archive_entry *e = archive_entry_new2(disk);
        archive_entry_copy_sourcepath(e, abs.constData());
        archive_entry_copy_pathname(e, abs.constData());
        require(archive_read_disk_entry_from_file(disk, e, -1, &st) >= ARCHIVE_WARN,
                QByteArray("entry_from_file: ") + archive_error_string(disk));
        archive_entry_copy_pathname(e, rel.constData());
        archive_entry_unset_atime(e);
        archive_entry_unset_ctime(e);

        archive_entry *spare = nullptr;
        if (S_ISREG(st.st_mode) && st.st_nlink > 1)
            archive_entry_linkify(resolver, &e, &spare);
        require(spare == nullptr, "unexpected deferred hard link");
        ManifestEntry m;
        m.path = rel;
        QByteArray content;
        if (const char *target = archive_entry_hardlink(e)) {
            m.type = EntryType::HardLink;
            m.linkTarget = target;
        } else {
            m.type = typeOf(archive_entry_filetype(e));
            if (S_ISREG(st.st_mode)) {
                const int fd = open(abs.constData(), O_RDONLY | O_NOFOLLOW);
                require(fd >= 0, "open " + abs);
                content.resize(st.st_size);
                qint64 done = 0;
                while (done < st.st_size) {
                    const ssize_t n = pread(fd, content.data() + done, static_cast<size_t>(st.st_size - done), done);
                    require(n > 0, "read " + abs);
                    done += n;
                }
                close(fd);
                m.size = st.st_size;
                m.sha256 = Sha256::of(content);
            }
        }
        builder.addEntry(e, content);  // the pax writer drops the holes listed in the sparse map
        archive_entry_free(e);
        builder.manifest().add(std::move(m));
    }
    archive_entry_linkresolver_free(resolver);
    archive_read_free(disk);
}

Sandbox::Sandbox()
{
    require(mkdir(staging().constData(), 0700) == 0, "mkdir staging");
    writeFile(outside() + "/sentinel", "sentinel: must never change\n", 0644);
    require(lstat((outside() + "/sentinel").constData(), &m_sentinel) == 0, "stat sentinel");
    m_stagingFd.reset(open(staging().constData(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    require(m_stagingFd.valid(), "open staging");
}

QString Sandbox::outsideDamage() const
{
    QStringList damage;
    const QByteArray sentinel = outside() + "/sentinel";
    struct stat st{};
    if (lstat(sentinel.constData(), &st) != 0)
        return QStringLiteral("sentinel is gone");
    if (st.st_ino != m_sentinel.st_ino || st.st_mode != m_sentinel.st_mode || st.st_uid != m_sentinel.st_uid
        || st.st_nlink != m_sentinel.st_nlink || st.st_size != m_sentinel.st_size
        || st.st_mtim.tv_nsec != m_sentinel.st_mtim.tv_nsec || st.st_ctim.tv_nsec != m_sentinel.st_ctim.tv_nsec)
        damage << QStringLiteral("sentinel inode changed");
    char buf[256] = {};
    const int fd = open(sentinel.constData(), O_RDONLY | O_NOFOLLOW);
    const ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
    if (fd >= 0)
        close(fd);
    if (QByteArray(buf, n > 0 ? n : 0) != "sentinel: must never change\n")
        damage << QStringLiteral("sentinel content changed");
    if (listing(outside()) != QStringList{QString::fromLatin1(QByteArray("sentinel").toHex())})
        damage << QStringLiteral("outside directory gained entries");
    QStringList top;
    if (DIR *d = opendir(m_scratch.path().constData())) {
        while (dirent *e = readdir(d)) {
            const QByteArray name(e->d_name);
            if (name != "." && name != "..")
                top << QString::fromLatin1(name.toHex());
        }
        closedir(d);
    }
    top.sort();
    QStringList expected{QString::fromLatin1(QByteArray("outside").toHex()), QString::fromLatin1(QByteArray("staging").toHex())};
    expected.sort();
    if (top != expected)
        damage << QStringLiteral("something was created next to the staging directory");
    return damage.join(QStringLiteral("; "));
}

ExtractOptions Sandbox::defaultOptions()
{
    ExtractOptions o;
    o.restoreOwnership = isRoot();
    return o;
}

Result<ExtractSummary> Sandbox::extract(const QByteArray &stream, ExtractOptions options, CancelToken cancel,
                                        ProgressCounters *progress)
{
    MemorySource source(stream);
    SecureExtractor extractor(stagingFd(), options, std::move(cancel), progress);
    return extractor.run(source);
}

}  // namespace st::test
