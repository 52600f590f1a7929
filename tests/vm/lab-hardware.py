#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks a `servertwin-cli checklist --json` report from the lab against what qemu was given
# (scripts/vm-lab spec GUEST: memory MiB, CPUs, NICs, disk MiB, machine type, MACs) and what systemd in each
# guest says (systemd-detect-virt). Usage: lab-hardware.py REPORT.json PRIMARY_SPEC SECONDARY_SPEC
#   PRIMARY_VIRT SECONDARY_VIRT [functional]
import json
import sys

report = json.load(open(sys.argv[1]))
specs = {"primary": sys.argv[2].split(), "secondary": sys.argv[3].split()}
virt = {"primary": sys.argv[4], "secondary": sys.argv[5]}
functional = len(sys.argv) > 6 and sys.argv[6] == "functional"
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


for side, key in (("primary", "primaryInventory"), ("secondary", "secondaryInventory")):
    inv = report[key]
    mem_mib, cpus, nics, disk_mib = (int(x) for x in specs[side][:4])
    machine = specs[side][4]
    macs = specs[side][5:]
    check(inv["cpu"]["threads"] == cpus, f"{side}: {inv['cpu']['threads']} CPUs, qemu gave {cpus}")
    got_mib = inv["memoryBytes"] / 2**20
    check(0.8 * mem_mib <= got_mib <= mem_mib, f"{side}: {got_mib:.0f} MiB of memory, qemu gave {mem_mib}")
    physical = [n for n in inv["nics"] if n["driver"] != "bonding"]
    check(len(physical) == nics, f"{side}: {len(physical)} NICs, qemu gave {nics}")
    check(sorted(n["mac"] for n in physical) == sorted(macs), f"{side}: MACs {[n['mac'] for n in physical]}, qemu gave {macs}")
    vda = [d for d in inv["disks"] if d["name"] == "vda"]
    check(len(vda) == 1 and vda[0]["sizeBytes"] == disk_mib * 2**20, f"{side}: vda is {vda[0]['sizeBytes'] if vda else None} bytes, qemu gave {disk_mib} MiB")
    check(inv["machine"]["virtualization"] == virt[side], f"{side}: virtualisation {inv['machine']['virtualization']}, systemd-detect-virt says {virt[side]}")
    check(inv["machine"]["vendor"] == "QEMU", f"{side}: DMI vendor {inv['machine']['vendor']}")
    # DMI's product names the machine type: "Standard PC (i440FX + PIIX, 1996)", "Standard PC (Q35 + ICH9, 2009)".
    chipset = {"pc": "i440FX", "q35": "Q35"}[machine]
    check(chipset in inv["machine"]["product"], f"{side}: DMI product {inv['machine']['product']}, qemu gave machine {machine}")
    check(any(fs["mountPoint"] == "/" and fs["protectedPaths"] for fs in inv["filesystems"]), f"{side}: no protected path on /")

secondary = report["secondaryInventory"]
check(any(n["driver"] == "e1000e" for n in secondary["nics"]), "the Secondary's e1000e NIC is not listed with its driver")
check(any(d["name"] == "vdb" and d["sizeBytes"] == 256 * 2**20 for d in secondary["disks"]), "the Secondary's /srv disk (vdb, 256 MiB) is not listed")
srv = [fs for fs in secondary["filesystems"] if fs["mountPoint"] == "/srv"]
check(len(srv) == 1 and srv[0]["disks"] == ["vdb"] and "/srv" in srv[0]["protectedPaths"], f"the Secondary's /srv is not traced to vdb: {srv}")
rules = {r["rule"]: r for r in report["rules"]}
for rule, level in (("architecture", "pass"), ("firmware", "pass"), ("os", "pass"), ("nics", "pass"), ("cpus", "warn"), ("memory", "warn"),
                    ("clock", "pass"), ("disk-space", "pass")):
    check(rules.get(rule, {}).get("level") == level, f"rule {rule}: {rules.get(rule)} (expected {level})")
check(not report["blocks"], "the lab's guests are blocked")
if functional:
    check(report["functionalChecked"], "no functional checks")
    blocked = [f for f in report["functional"] if f["level"] == "block"]
    check(not blocked, f"functional checks block: {blocked}")
    check(len(report["confirmations"]) >= 5, f"confirmations: {report['confirmations']}")
    check(any(f["rule"] == "disk-driver vdb" and f["level"] == "pass" for f in report["functional"]), "vdb is not seen with its driver")
for f in failures:
    print(f"lab-hardware: {f}", file=sys.stderr)
sys.exit(1 if failures else 0)
