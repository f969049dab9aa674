/*
 * ARM PrimeCell identification registers: the last 32 bytes of every
 * PrimeCell's 4 KiB page (PL011, PL041, SP804, PL031, ...), read by a board
 * without a bus to check that its table of devices matches the machine
 * (board/vexpress-a9/).  Each register holds one byte in bits 7:0.
 *   part     = PERIPHID0 | (PERIPHID1 & 0xf) << 8    (0x011 for a PL011)
 *   designer = PERIPHID1 >> 4 | (PERIPHID2 & 0xf) << 4  (0x41: ARM)
 *   CELLID0..3 = 0x0d 0xf0 0x05 0xb1 on every PrimeCell
 * Plain #define lines, one value each.
 */
#ifndef KOI_REGS_PRIMECELL_H
#define KOI_REGS_PRIMECELL_H

#define PRIMECELL_PERIPHID0  0xfe0u
#define PRIMECELL_PERIPHID1  0xfe4u
#define PRIMECELL_PERIPHID2  0xfe8u
#define PRIMECELL_PERIPHID3  0xfecu
#define PRIMECELL_CELLID0    0xff0u
#define PRIMECELL_CELLID     0xb105f00du  /* CELLID3..0 as one word */
#define PRIMECELL_DESIGNER_ARM 0x41u

#endif /* KOI_REGS_PRIMECELL_H */
