/*
 * Versatile Express V2M-P1 motherboard system registers (DUI0447, "System
 * register block"), as QEMU 7.2's hw/misc/arm_sysctl.c implements them —
 * for the vexpress-a9 board (board/vexpress-a9/): the board's identity and
 * its configuration bus, through which the board powers itself off.
 * Plain #define lines, one value each.
 */
#ifndef KOI_REGS_V2M_SYSREG_H
#define KOI_REGS_V2M_SYSREG_H

#define SYS_ID           0x00u   /* board identity */
#define SYS_24MHZ        0x5cu   /* free-running 24 MHz counter */
#define SYS_CFGDATA      0xa0u   /* data of the next configuration transfer */
#define SYS_CFGCTRL      0xa4u   /* starts one: function, site, device */
#define SYS_CFGSTAT      0xa8u   /* bit 0 complete, bit 1 error */

#define SYS_ID_HBI_SHIFT 16      /* bits 27:16: board number, 0x190 (V2M-P1) */
#define SYS_ID_HBI_MASK  0xfffu
#define V2M_P1_HBI       0x190u

#define SYS_CFGCTRL_START    (1u << 31)
#define SYS_CFGCTRL_WRITE    (1u << 30)
#define SYS_CFGCTRL_FUNC_SHIFT 20
#define SYS_CFGCTRL_SITE_SHIFT 16 /* 0 motherboard, 1 and 2 daughterboards */
#define SYS_CFG_SHUTDOWN     8u    /* function: power the board off */
#define SYS_CFG_REBOOT       9u
#define SYS_CFGSTAT_COMPLETE (1u << 0)
#define SYS_CFGSTAT_ERROR    (1u << 1)

#endif /* KOI_REGS_V2M_SYSREG_H */
