/*
 * National Semiconductor LM4549 AC'97 2.1 codec — its registers, reached
 * over an AC-link's command slots (drivers/ac97.h): the register map of the
 * firmware's codec driver (drivers/lm4549.c), of the vexpress-a9 board's
 * polled bring-up step (board/vexpress-a9/bringup/) and of the host test.
 * Names as in the AC'97 2.1 specification's register table; only what Koi
 * uses.  Plain #define lines, one value each.
 */
#ifndef KOI_REGS_LM4549_H
#define KOI_REGS_LM4549_H

/* AC'97 registers (index = the register's byte address). */
#define AC97_RESET            0x00u
#define AC97_MASTER_VOLUME    0x02u  /* bit 15 mute, 0 = 0 dB */
#define AC97_PCM_OUT_VOLUME   0x18u  /* bit 15 mute, 0x0808 = 0 dB */
#define AC97_POWERDOWN        0x26u  /* low bits: ADC DAC ANL REF ready */
#define AC97_EXT_AUDIO_ID     0x28u  /* bit 0: variable rate audio */
#define AC97_EXT_AUDIO_CTRL   0x2au  /* bit 0: VRA on */
#define AC97_PCM_FRONT_DAC_RATE 0x2cu
#define AC97_VENDOR_ID1       0x7cu
#define AC97_VENDOR_ID2       0x7eu

#define AC97_VOLUME_0DB       0x0000u
#define AC97_PCM_OUT_0DB      0x0808u
#define AC97_POWER_READY      0x000fu
#define AC97_VRA              0x0001u
#define LM4549_VENDOR_ID1     0x4e53u /* "NS" */
#define LM4549_VENDOR_ID2     0x4331u /* "C1" */
#define LM4549_RATE_MIN       4000u
#define LM4549_RATE_MAX       48000u
#define LM4549_RATE_RESET     48000u  /* the front DAC after a reset */

#endif /* KOI_REGS_LM4549_H */
