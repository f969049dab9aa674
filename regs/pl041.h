/*
 * ARM PrimeCell Advanced Audio CODEC Interface (PL041 AACI, DDI0173) — the
 * register map of the firmware's driver (drivers/pl041.c), of the
 * vexpress-a9 board's polled bring-up step (board/vexpress-a9/bringup/)
 * and of the host test.  Only what Koi uses: channel 1's transmit side and
 * the AC-link's command slots.  The codec behind the link has its own map
 * (regs/lm4549.h).  Plain #define lines, one value each.
 */
#ifndef KOI_REGS_PL041_H
#define KOI_REGS_PL041_H

/* AACI registers (channel 1 and the AC-link's command slots). */
#define AACITXCR1    0x04u   /* channel 1 transmit control */
#define AACISR1      0x08u   /* channel 1 status */
#define AACIISR1     0x0cu   /* channel 1 interrupt status (masked) */
#define AACIIE1      0x10u   /* channel 1 interrupt enable */
#define AACISL1RX    0x50u   /* slot 1 received: the address a read answered */
#define AACISL1TX    0x54u   /* slot 1 to send: register address, read bit */
#define AACISL2RX    0x58u   /* slot 2 received: the register's value */
#define AACISL2TX    0x5cu   /* slot 2 to send: the value to write */
#define AACISLFR     0x68u   /* slot flags */
#define AACIINTCLR   0x74u   /* interrupt clear */
#define AACIMAINCR   0x78u   /* main control */
#define AACIRESET    0x7cu   /* AC-link cold reset (bit 0 low = reset) */
#define AACIDR1      0x90u   /* channel 1 FIFO (0x90..0xac all alias it) */

/* Their bits, named as in the TRM behind the peripheral's prefix. */
#define PL041_TXCR_TXEN        (1u << 0)
#define PL041_TXCR_TXSLOT3     (1u << 3)     /* slot 3 (PCM left) from this channel */
#define PL041_TXCR_TXSLOT4     (1u << 4)     /* slot 4 (PCM right) */
#define PL041_TXCR_TSIZE_16    (0u << 13)
#define PL041_TXCR_TXCOMPACT   (1u << 15)
#define PL041_TXCR_TXFEN       (1u << 16)    /* FIFO on */

#define PL041_SR_TXFE          (1u << 1)     /* transmit FIFO empty */
#define PL041_SR_TXHE          (1u << 3)     /* transmit FIFO at most half full */
#define PL041_SR_TXFF          (1u << 5)     /* transmit FIFO full */
#define PL041_SR_TXUNDERRUN    (1u << 9)

#define PL041_IE_TXCIE         (1u << 0)     /* transmit complete */
#define PL041_IE_TXIE          (1u << 2)     /* transmit FIFO half empty */
#define PL041_IE_TXUIE         (1u << 5)     /* transmit underrun */
#define PL041_ISR_TXINTR       (1u << 2)

#define PL041_SLFR_SL1TXBUSY   (1u << 1)
#define PL041_SLFR_SL2TXBUSY   (1u << 3)
#define PL041_SLFR_SL1RXVALID  (1u << 6)
#define PL041_SLFR_SL2RXVALID  (1u << 8)

#define PL041_SL1TX_READ       (1u << 19)    /* AC'97 slot 1: read, not write */
#define PL041_SL1_ADDR_SHIFT   12            /* slot 1: register index in bits 18:12 */
#define PL041_SL1_ADDR_MASK    0x7fu
#define PL041_SL2_DATA_SHIFT   4             /* slot 2: the value in bits 19:4 */

#define PL041_MAINCR_IE        (1u << 0)     /* AACIFE: the interface on */
#define PL041_MAINCR_SL1RXEN   (1u << 3)
#define PL041_MAINCR_SL1TXEN   (1u << 4)
#define PL041_MAINCR_SL2RXEN   (1u << 5)
#define PL041_MAINCR_SL2TXEN   (1u << 6)

#define PL041_INTCLR_TXUEC1    (1u << 5)
#define PL041_RESET_NRST       (1u << 0)

#endif /* KOI_REGS_PL041_H */
