// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/extract/MetadataWriter.h"

#include "util/RawPath.h"

#include <archive.h>
#include <archive_entry.h>

#include <fcntl.h>
#include <sys/acl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace st::extract {

namespace {
const QByteArray kAccessAclXattr = QByteArrayLiteral("system.posix_acl_access");
const QByteArray kDefaultAclXattr = QByteArrayLiteral("system.posix_acl_default");

QString quoted(const QByteArray &path)
{
    return QLatin1Char('"') + displayPath(path) + QLatin1Char('"');
}

bool hasFd(const MetadataTarget &t)
{
    return t.fd >= 0;
}

/** Path naming the node through its parent's fd, for calls that have no *at form. */
QByteArray procPath(const MetadataTarget &t)
{
    return QByteArrayLiteral("/proc/self/fd/") + QByteArray::number(t.parentFd) + '/' + t.name;
}

QByteArray procPathOfFd(int fd)
{
    return QByteArrayLiteral("/proc/self/fd/") + QByteArray::number(fd);
}

Status applyOwner(const MetadataTarget &t, archive_entry *e)
{
    const la_int64_t uid = archive_entry_uid(e);
    const la_int64_t gid = archive_entry_gid(e);
    constexpr la_int64_t kMaxId = 0xfffffffeLL;  // (uid_t)-1 means "unchanged"
    if (uid < 0 || uid > kMaxId || gid < 0 || gid > kMaxId)
        return makeError(ErrorCode::Archive, QStringLiteral("owner %1:%2 of %3 is out of range").arg(uid).arg(gid).arg(quoted(t.path)));
    const int rc = hasFd(t) ? fchown(t.fd, static_cast<uid_t>(uid), static_cast<gid_t>(gid))
                            : fchownat(t.parentFd, t.name.constData(), static_cast<uid_t>(uid), static_cast<gid_t>(gid),
                                       AT_SYMLINK_NOFOLLOW);
    if (rc != 0)
        return errnoError(errno, QStringLiteral("cannot set owner %1:%2 of %3").arg(uid).arg(gid).arg(quoted(t.path)));
    return {};
}

Status applyMode(const MetadataTarget &t, archive_entry *e)
{
    if (t.kind == NodeKind::Symlink)
        return {};  // Linux symlinks have no mode of their own
    const mode_t mode = archive_entry_mode(e) & 07777;
    const int rc = hasFd(t) ? fchmod(t.fd, mode) : fchmodat(t.parentFd, t.name.constData(), mode, AT_SYMLINK_NOFOLLOW);
    if (rc != 0)
        return errnoError(errno, QStringLiteral("cannot set mode %1 of %2").arg(mode, 4, 8, QLatin1Char('0')).arg(quoted(t.path)));
    return {};
}

/** Which xattrs a node without an open fd can carry on Linux. */
bool xattrAllowedWithoutFd(NodeKind kind, const QByteArray &name)
{
    // user.* exists only on regular files and directories; symlinks take no ACLs either.
    if (name.startsWith("security.") || name.startsWith("trusted."))
        return true;
    if (kind == NodeKind::Symlink)
        return false;
    return name == kAccessAclXattr;
}

struct AclXattrsSeen {
    bool access = false;
    bool defaults = false;
};

Result<AclXattrsSeen> applyXattrs(const MetadataTarget &t, archive_entry *e)
{
    AclXattrsSeen seen;
    archive_entry_xattr_reset(e);
    const char *name = nullptr;
    const void *value = nullptr;
    size_t size = 0;
    while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
        const QByteArray key(name ? name : "");
        if (key.isEmpty())
            return makeError(ErrorCode::Archive, QStringLiteral("extended attribute without a name on %1").arg(quoted(t.path)));
        const void *data = value ? value : "";
        int rc;
        if (hasFd(t)) {
            rc = fsetxattr(t.fd, key.constData(), data, size, 0);
        } else {
            if (!xattrAllowedWithoutFd(t.kind, key))
                continue;
            rc = lsetxattr(procPath(t).constData(), key.constData(), data, size, 0);
        }
        if (rc != 0)
            return errnoError(errno, QStringLiteral("cannot set extended attribute %1 on %2").arg(QString::fromUtf8(key), quoted(t.path)));
        if (key == kAccessAclXattr)
            seen.access = true;
        else if (key == kDefaultAclXattr)
            seen.defaults = true;
    }
    return seen;
}

class AclHolder {
public:
    AclHolder() : m_acl(acl_init(8)) {}
    ~AclHolder()
    {
        if (m_acl)
            acl_free(m_acl);
    }
    AclHolder(const AclHolder &) = delete;
    AclHolder &operator=(const AclHolder &) = delete;
    acl_t &get() { return m_acl; }

private:
    acl_t m_acl;
};

Status buildAcl(archive_entry *e, int want, const QByteArray &path, AclHolder &out, int *count)
{
    const QString what = want == ARCHIVE_ENTRY_ACL_TYPE_ACCESS ? QStringLiteral("access") : QStringLiteral("default");
    auto bad = [&](const QString &why) {
        return makeError(ErrorCode::Archive, QStringLiteral("%1 ACL of %2: %3").arg(what, quoted(path), why));
    };
    if (!out.get())
        return errnoError(errno, QStringLiteral("cannot allocate the %1 ACL of %2").arg(what, quoted(path)));
    *count = 0;
    archive_entry_acl_reset(e, want);
    int type = 0, permset = 0, tag = 0, qual = 0;
    const char *name = nullptr;
    while (archive_entry_acl_next(e, want, &type, &permset, &tag, &qual, &name) == ARCHIVE_OK) {
        acl_tag_t aclTag;
        switch (tag) {
        case ARCHIVE_ENTRY_ACL_USER_OBJ: aclTag = ACL_USER_OBJ; break;
        case ARCHIVE_ENTRY_ACL_USER: aclTag = ACL_USER; break;
        case ARCHIVE_ENTRY_ACL_GROUP_OBJ: aclTag = ACL_GROUP_OBJ; break;
        case ARCHIVE_ENTRY_ACL_GROUP: aclTag = ACL_GROUP; break;
        case ARCHIVE_ENTRY_ACL_MASK: aclTag = ACL_MASK; break;
        case ARCHIVE_ENTRY_ACL_OTHER: aclTag = ACL_OTHER; break;
        default: return bad(QStringLiteral("unsupported entry tag %1").arg(tag));
        }
        acl_entry_t entry;
        if (acl_create_entry(&out.get(), &entry) != 0 || acl_set_tag_type(entry, aclTag) != 0)
            return errnoError(errno, QStringLiteral("cannot build the %1 ACL of %2").arg(what, quoted(path)));
        if (aclTag == ACL_USER || aclTag == ACL_GROUP) {
            if (qual < 0)
                return bad(QStringLiteral("entry for \"%1\" has no numeric id").arg(QString::fromUtf8(name ? name : "")));
            const id_t id = static_cast<id_t>(qual);
            if (acl_set_qualifier(entry, &id) != 0)
                return errnoError(errno, QStringLiteral("cannot build the %1 ACL of %2").arg(what, quoted(path)));
        }
        acl_permset_t perms;
        if (acl_get_permset(entry, &perms) != 0 || acl_clear_perms(perms) != 0
            || ((permset & ARCHIVE_ENTRY_ACL_READ) && acl_add_perm(perms, ACL_READ) != 0)
            || ((permset & ARCHIVE_ENTRY_ACL_WRITE) && acl_add_perm(perms, ACL_WRITE) != 0)
            || ((permset & ARCHIVE_ENTRY_ACL_EXECUTE) && acl_add_perm(perms, ACL_EXECUTE) != 0)
            || acl_set_permset(entry, perms) != 0)
            return errnoError(errno, QStringLiteral("cannot build the %1 ACL of %2").arg(what, quoted(path)));
        ++*count;
    }
    if (*count > 0 && acl_valid(out.get()) != 0)
        return bad(QStringLiteral("not a valid POSIX ACL"));
    return {};
}

Status applyAcls(const MetadataTarget &t, archive_entry *e, AclXattrsSeen seen)
{
    if (archive_entry_acl_types(e) & ARCHIVE_ENTRY_ACL_TYPE_NFS4)
        return makeError(ErrorCode::Archive, QStringLiteral("%1 carries an NFSv4 ACL, which Linux cannot store").arg(quoted(t.path)));
    if (!seen.access && t.kind != NodeKind::Symlink) {
        AclHolder acl;
        int count = 0;
        if (Status s = buildAcl(e, ARCHIVE_ENTRY_ACL_TYPE_ACCESS, t.path, acl, &count); !s)
            return s;
        if (count > 0) {
            const int rc = hasFd(t) ? acl_set_fd(t.fd, acl.get())
                                    : acl_set_file(procPath(t).constData(), ACL_TYPE_ACCESS, acl.get());
            if (rc != 0)
                return errnoError(errno, QStringLiteral("cannot set the access ACL of %1").arg(quoted(t.path)));
        }
    }
    if (!seen.defaults) {
        AclHolder acl;
        int count = 0;
        if (Status s = buildAcl(e, ARCHIVE_ENTRY_ACL_TYPE_DEFAULT, t.path, acl, &count); !s)
            return s;
        if (count > 0) {
            if (t.kind != NodeKind::Directory || !hasFd(t))
                return makeError(ErrorCode::Archive, QStringLiteral("%1 is not a directory but carries a default ACL").arg(quoted(t.path)));
            if (acl_set_file(procPathOfFd(t.fd).constData(), ACL_TYPE_DEFAULT, acl.get()) != 0)
                return errnoError(errno, QStringLiteral("cannot set the default ACL of %1").arg(quoted(t.path)));
        }
    }
    return {};
}

Status applyTimes(const MetadataTarget &t, archive_entry *e)
{
    timespec ts[2];
    ts[0] = archive_entry_atime_is_set(e) ? timespec{archive_entry_atime(e), archive_entry_atime_nsec(e)}
                                          : timespec{0, UTIME_OMIT};
    ts[1] = archive_entry_mtime_is_set(e) ? timespec{archive_entry_mtime(e), archive_entry_mtime_nsec(e)}
                                          : timespec{0, UTIME_OMIT};
    for (const timespec &x : ts) {
        if (x.tv_nsec != UTIME_OMIT && (x.tv_nsec < 0 || x.tv_nsec > 999'999'999))
            return makeError(ErrorCode::Archive, QStringLiteral("invalid timestamp on %1").arg(quoted(t.path)));
    }
    const int rc = hasFd(t) ? futimens(t.fd, ts) : utimensat(t.parentFd, t.name.constData(), ts, AT_SYMLINK_NOFOLLOW);
    if (rc != 0)
        return errnoError(errno, QStringLiteral("cannot set times of %1").arg(quoted(t.path)));
    return {};
}
}  // namespace

Status applyMetadata(const MetadataTarget &target, archive_entry *entry, bool restoreOwnership)
{
    if (restoreOwnership) {
        if (Status s = applyOwner(target, entry); !s)
            return s;
    }
    if (Status s = applyMode(target, entry); !s)
        return s;
    Result<AclXattrsSeen> seen = applyXattrs(target, entry);
    if (!seen)
        return seen.error();
    if (Status s = applyAcls(target, entry, *seen); !s)
        return s;
    return applyTimes(target, entry);
}

}  // namespace st::extract
