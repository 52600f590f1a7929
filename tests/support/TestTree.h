// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test fixtures on real files: scratch directories, a tree of special cases, and a
 * field-by-field comparison of two trees (type, mode incl. setuid/setgid/sticky, owner,
 * mtime to the nanosecond, content, symlink target, device numbers, xattrs incl. POSIX ACLs
 * and security.capability, hard-link groups, holes of sparse files). Test-only; one thread.
 */
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace st::test {

/** A directory under $TMPDIR (or /var/tmp) removed on destruction unless ST_KEEP_TEST_DIRS is set. */
class ScratchDir {
public:
    explicit ScratchDir(const char *label);
    ~ScratchDir();
    ScratchDir(const ScratchDir &) = delete;
    ScratchDir &operator=(const ScratchDir &) = delete;
    const QByteArray &path() const { return m_path; }
    QByteArray operator/(const QByteArray &rel) const { return m_path + '/' + rel; }

private:
    QByteArray m_path;
};

struct SpecialCaseOptions {
    bool hugeSparseFile = false;  // a 9 GiB sparse file (file over 8 GiB, holes)
};

/**
 * Fills @p dir with one of every entry type and attribute the clone must preserve.
 * Needs root for device nodes, foreign owners and security.capability.
 */
void makeSpecialCases(const QByteArray &dir, SpecialCaseOptions options = {});

/** Writes @p content to @p path (creating parents). */
void writeFile(const QByteArray &path, const QByteArray &content, int mode = 0644);

/** Copies @p from to @p to with `cp -a` (preserves everything). */
void copyTree(const QByteArray &from, const QByteArray &to);

struct CompareOptions {
    bool compareDirectoryMtime = true;
    QList<QByteArray> ignoreTopLevel;  // names at the top of both trees to skip
    QList<QByteArray> ignorePaths;     // relative paths to skip in both trees, with what lies below them
};

/** Empty when the trees are identical; otherwise one line per difference. */
QStringList compareTrees(const QByteArray &a, const QByteArray &b, CompareOptions options = {});

/** Every path below @p root (relative, sorted per directory, parents first); symlinks not followed. */
QList<QByteArray> listTree(const QByteArray &root);

/** A raw local path as a QString (for QProcess arguments and Qt file APIs). */
QString s(const QByteArray &path);

/** Runs a command, returns exit code; output captured into @p output if given. */
int run(const QString &program, const QStringList &args, QByteArray *output = nullptr);

bool isRoot();

}  // namespace st::test
