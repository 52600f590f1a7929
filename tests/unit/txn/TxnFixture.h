// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A live root, the Primary's tree and a verified staging area for journaled-apply
 * tests: the root as it was (a pristine copy, to prove a rollback), the tree an apply must
 * give (the Primary's, plus what the root keeps), and helpers to open the transaction.
 * The root's usr/ can be a filesystem of its own (a loop-mounted ext4, or a tmpfs), as a
 * separate /usr, /boot or /var is on a real Secondary (needs root). Test-only; one thread.
 */
#include "archive/Manifest.h"
#include "restore/txn/ApplyTransaction.h"
#include "support/LoopExt4.h"
#include "support/TestTree.h"
#include "util/UniqueFd.h"

namespace st::test {

/** lstat() finds @p path. */
bool existsIn(const QByteArray &path);
/** Root, or a warning that the test is skipped for want of it (@p why: what needs root). */
bool rootOrWarn(const char *why);

class TxnFixture {
public:
    static inline const QString kId = QStringLiteral("c0ffee");
    /** Kept by the Secondary (protected): the apply must not touch it. */
    static inline const QByteArray kKept = QByteArrayLiteral("etc/fstab");

    /** Where the root's usr/ lies. */
    enum class Usr { OnRoot, OwnExt4, OwnTmpfs };
    explicit TxnFixture(Usr usr = Usr::OnRoot);
    ~TxnFixture();
    TxnFixture(const TxnFixture &) = delete;
    TxnFixture &operator=(const TxnFixture &) = delete;

    QByteArray root() const { return m_dir / "root"; }
    QByteArray before() const { return m_dir / "before"; }
    QByteArray expected() const { return m_dir / "expected"; }
    QByteArray primary() const { return m_dir / "primary"; }
    int rootFd() const { return m_rootFd.get(); }

    /** Stages the Primary's tree as clone kId (copy into the staging area, manifest, state). */
    txn::ApplyTransaction stage();
    /** The same, returning what stage() said. */
    Result<txn::ApplyTransaction> tryStage();
    /** usr/'s own ext4 (Usr::OwnExt4), else nullptr. */
    LoopExt4 *usrFilesystem() const { return m_usrExt4.get(); }
    txn::ApplyTransaction open() const;

    /** Differences between the root and the tree an apply must give (directory times not compared). */
    QStringList diffFromExpected() const;
    /** Differences between the root and the root before the apply, directory times compared. */
    QStringList diffFromBefore() const;

private:
    ScratchDir m_dir{"txn"};
    std::unique_ptr<LoopExt4> m_usrExt4;  // unmounted before the scratch directory goes
    bool m_usrTmpfs = false;
    UniqueFd m_rootFd;
};

}  // namespace st::test
