/*
 * ARM PrimeCell UART (PL011, DDI0183) — the register map of the firmware's
 * driver (drivers/pl011.c) and its host test.  Plain #define lines, one
 * value each.
 */
#ifndef KOI_REGS_PL011_H
#define KOI_REGS_PL011_H

#define UARTDR     0x000u  /* data: write sends, read takes a byte + error bits */
#define UARTRSR    0x004u  /* receive status; write clears the errors (UARTECR) */
#define UARTFR     0x018u  /* flags */
#define UARTIBRD   0x024u  /* integer baud rate divisor */
#define UARTFBRD   0x028u  /* fractional baud rate divisor (6 bits) */
#define UARTLCR_H  0x02cu  /* line control: word length, FIFOs */
#define UARTCR     0x030u  /* control: enable, transmit, receive */
#define UARTIFLS   0x034u  /* FIFO levels that raise the interrupts */
#define UARTIMSC   0x038u  /* interrupt mask set/clear: 1 = enabled */
#define UARTRIS    0x03cu  /* raw interrupt status */
#define UARTMIS    0x040u  /* masked interrupt status */
#define UARTICR    0x044u  /* interrupt clear: write 1s */

#define UARTDR_ERRORS  0xf00u      /* OE BE PE FE of the byte read */
#define UARTFR_BUSY    (1u << 3)
#define UARTFR_RXFE    (1u << 4)   /* receive FIFO empty */
#define UARTFR_TXFF    (1u << 5)   /* transmit FIFO full */
#define UARTLCR_H_FEN  (1u << 4)   /* FIFOs on */
#define UARTLCR_H_WLEN_8 (3u << 5) /* 8 data bits (1 stop, no parity) */
#define UARTCR_UARTEN  (1u << 0)
#define UARTCR_TXE     (1u << 8)
#define UARTCR_RXE     (1u << 9)
#define UARTIFLS_RX_1_8 (0u << 3)  /* receive interrupt at 1/8 full */
#define UART_RXI       (1u << 4)   /* IMSC/RIS/MIS/ICR: receive */
#define UART_TXI       (1u << 5)   /*   transmit */
#define UART_RTI       (1u << 6)   /*   receive timeout: bytes waiting, line idle */
#define UART_ERRI      (0xfu << 7) /*   framing, parity, break, overrun */
#define UART_ALLI      0x7ffu

#endif /* KOI_REGS_PL011_H */
