// SPDX-License-Identifier: GPL-3.0-or-later
// fuzz_seeds OUTDIR: writes the seed corpora for scripts/run-fuzzers.sh.
#include "FuzzSeeds.h"

#include <cstdio>
#include <exception>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz_seeds OUTDIR\n");
        return 2;
    }
    try {
        st::test::writeFuzzSeeds(QString::fromLocal8Bit(argv[1]));
    } catch (const std::exception &e) {
        fprintf(stderr, "fuzz_seeds: %s\n", e.what());
        return 1;
    }
    return 0;
}
