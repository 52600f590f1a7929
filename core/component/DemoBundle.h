// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The demo's signed component bundle (`servertwin --demo`, `servertwin-cli demo`): a
 * signing key made at the first start in WORKDIR/demo-components (kept, mode 0600), and the
 * bundle demo-site-tools 1.0-1 packed and signed with it: a message of the day and a site
 * configuration placed, a registration script with its undo script, and checks. It installs
 * into the demo Secondary's sandbox root and rolls back like any bundle.
 * Free function; blocking file I/O (a few small files).
 */
#include "util/Result.h"

#include <QString>

namespace st {

struct DemoBundle {
    QString bundleDir;    // WORKDIR/demo-components/demo-site-tools
    QString trustedKeys;  // WORKDIR/demo-components/keys (the demo key's .pub)
};

Result<DemoBundle> prepareDemoBundle(const QString &workDir);

}  // namespace st
