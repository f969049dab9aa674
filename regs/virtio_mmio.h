/*
 * virtio over MMIO (VIRTIO 1.2, section 4.2 "Virtio Over MMIO", and 2.7
 * "Split Virtqueues") — the register map of drivers/virtio_mmio.c and the
 * layout of a split virtqueue in memory.  Register names as the
 * specification spells them (MagicValue: VIRTIO_MMIO_MAGIC_VALUE), as
 * Linux's include/uapi/linux/virtio_mmio.h does.  Every register is 32-bit
 * and little-endian; offsets from the device's base.
 *
 * Version 1 is the "legacy" interface (spec 4.2.4): one page-frame number
 * per queue (QueuePFN) and the guest's page size, no FEATURES_OK step, no
 * VIRTIO_F_VERSION_1.  Version 2 ("modern") has 64-bit addresses for the
 * three parts of a queue and QueueReady.
 */
#ifndef KOI_REGS_VIRTIO_MMIO_H
#define KOI_REGS_VIRTIO_MMIO_H

#define VIRTIO_MMIO_MAGIC_VALUE         0x000u  /* "virt" */
#define VIRTIO_MMIO_VERSION             0x004u  /* 1 legacy, 2 modern */
#define VIRTIO_MMIO_DEVICE_ID           0x008u  /* 0: no device in the slot */
#define VIRTIO_MMIO_VENDOR_ID           0x00cu
#define VIRTIO_MMIO_DEVICE_FEATURES     0x010u  /* 32 bits of them, ... */
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014u  /* ... word 0 or 1 */
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020u
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024u
#define VIRTIO_MMIO_GUEST_PAGE_SIZE     0x028u  /* legacy only */
#define VIRTIO_MMIO_QUEUE_SEL           0x030u
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034u  /* 0: no such queue */
#define VIRTIO_MMIO_QUEUE_NUM           0x038u
#define VIRTIO_MMIO_QUEUE_ALIGN         0x03cu  /* legacy only */
#define VIRTIO_MMIO_QUEUE_PFN           0x040u  /* legacy only; 0 = not in use */
#define VIRTIO_MMIO_QUEUE_READY         0x044u  /* modern only */
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050u  /* write the queue's index */
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060u
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064u
#define VIRTIO_MMIO_STATUS              0x070u  /* write 0: reset */
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080u  /* modern only, 64-bit pairs */
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084u
#define VIRTIO_MMIO_QUEUE_AVAIL_LOW     0x090u  /* QueueDriverLow */
#define VIRTIO_MMIO_QUEUE_AVAIL_HIGH    0x094u
#define VIRTIO_MMIO_QUEUE_USED_LOW      0x0a0u  /* QueueDeviceLow */
#define VIRTIO_MMIO_QUEUE_USED_HIGH     0x0a4u
#define VIRTIO_MMIO_CONFIG_GENERATION   0x0fcu  /* modern only */
#define VIRTIO_MMIO_CONFIG              0x100u  /* device-specific config */

#define VIRTIO_MMIO_MAGIC               0x74726976u  /* "virt", little-endian */

/* InterruptStatus / InterruptACK bits. */
#define VIRTIO_MMIO_INT_VRING           (1u << 0)  /* a used ring was updated */
#define VIRTIO_MMIO_INT_CONFIG          (1u << 1)  /* the configuration changed */

/* Device status (spec 2.1). */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE     1u
#define VIRTIO_CONFIG_S_DRIVER          2u
#define VIRTIO_CONFIG_S_DRIVER_OK       4u
#define VIRTIO_CONFIG_S_FEATURES_OK     8u
#define VIRTIO_CONFIG_S_NEEDS_RESET     0x40u
#define VIRTIO_CONFIG_S_FAILED          0x80u

/* Reserved feature bits (spec 6). */
#define VIRTIO_F_VERSION_1              32u

/* ---- split virtqueue (spec 2.7), little-endian in guest memory ---------- */

#define VIRTQ_DESC_F_NEXT               1u  /* the chain continues at .next */
#define VIRTQ_DESC_F_WRITE              2u  /* device writes this buffer */
#define VIRTQ_AVAIL_F_NO_INTERRUPT      1u

#define VIRTQ_DESC_BYTES                16u /* struct virtq_desc */
#define VIRTQ_USED_ELEM_BYTES           8u  /* struct virtq_used_elem */
/* The legacy layout: the used ring starts at the next multiple of
 * QueueAlign after the descriptor table and the available ring. */
#define VIRTIO_MMIO_LEGACY_ALIGN        4096u

#endif /* KOI_REGS_VIRTIO_MMIO_H */
