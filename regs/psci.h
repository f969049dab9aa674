/*
 * PSCI, the Arm Power State Coordination Interface (DEN0022) — the
 * function IDs board/virt uses.  QEMU's -M virt (without EL2 and EL3)
 * implements PSCI itself and takes calls by HVC (its device tree says
 * method = "hvc"): r0 the function ID, r1.. the arguments.
 */
#ifndef KOI_REGS_PSCI_H
#define KOI_REGS_PSCI_H

#define PSCI_0_2_FN_PSCI_VERSION   0x84000000u
#define PSCI_0_2_FN_SYSTEM_OFF     0x84000008u
#define PSCI_0_2_FN_SYSTEM_RESET   0x84000009u

#endif /* KOI_REGS_PSCI_H */
