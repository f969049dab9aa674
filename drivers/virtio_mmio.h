/*
 * virtio_mmio.h — the virtio-over-MMIO transport (VIRTIO 1.2, 4.2) and
 * split virtqueues (2.7), for any virtio device driver: finding a device
 * in a row of slots, the status handshake, feature negotiation, queues in
 * coherent DMA memory, notification and interrupt acknowledge.  Both
 * interfaces QEMU offers are driven: version 1 ("legacy": QueuePFN and
 * GuestPageSize, QEMU's default) and version 2 ("modern":
 * VIRTIO_F_VERSION_1, FEATURES_OK, 64-bit queue addresses, QueueReady).
 * What a device does with its queues is its driver's (virtio_snd.c).
 *
 * Order of use (spec 3.1.1): virtio_mmio_init() (reset, ACKNOWLEDGE,
 * DRIVER, features, FEATURES_OK), virtq_init() for each queue, the
 * driver's own set-up (buffers posted, configuration read), then
 * virtio_mmio_driver_ok().  Any failure on the way: virtio_mmio_fail()
 * (status FAILED) and give up the device.
 *
 * Contexts: a virtqueue is one producer (virtq_add, virtq_kick) and one
 * consumer (virtq_get); the caller makes sure the functions on one queue
 * never run at the same time (the interrupt masked around them in the
 * main loop, when the ISR uses the queue too).  Different queues are
 * independent.  virtio_mmio_ack_irq() is for the ISR.
 *
 * Errors: negative errno: -ENODEV no such device or interface, -EINVAL
 * bad argument, -ENOMEM no DMA memory, -ENOSPC no free descriptors, -EIO
 * the device refused (FEATURES_OK not kept, NEEDS_RESET).
 *
 * Registers and the ring layout: regs/virtio_mmio.h.
 */
#ifndef KOI_VIRTIO_MMIO_H
#define KOI_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "regs/virtio_mmio.h"

#define VIRTQ_MAX_NUM 64u   /* descriptors per queue this driver uses at most */

/* The split ring in memory (spec 2.7.5, 2.7.6, 2.7.8), little-endian. */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;      /* VIRTQ_DESC_F_* */
	uint16_t next;
};
struct virtq_avail {
	uint16_t flags;
	uint16_t idx;        /* where the driver puts the next entry */
	uint16_t ring[];
};
struct virtq_used_elem {
	uint32_t id;         /* head of the chain */
	uint32_t len;        /* bytes the device wrote into it */
};
struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
};

struct virtio_mmio {
	uintptr_t base;      /* 0 until virtio_mmio_init */
	uint32_t version;    /* 1 legacy, 2 modern */
	uint32_t device_id;
	uint64_t features;   /* negotiated, VIRTIO_F_VERSION_1 included */
};

/* One buffer of a chain: device-readable ("out") or device-writable. */
struct virtq_buf {
	void *addr;          /* in coherent DMA memory */
	uint32_t len;
};

struct virtq {
	struct virtio_mmio *vm;
	uint16_t index, num;
	struct virtq_desc *desc;      /* coherent DMA memory */
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint16_t free_head, num_free; /* the free descriptors, chained by .next */
	uint16_t avail_idx;           /* our copy of avail->idx */
	uint16_t last_used;           /* used entries consumed so far */
	void *token[VIRTQ_MAX_NUM];   /* per chain head, as given to virtq_add */
};

/**
 * Reads the slot at base.
 * @param base       the slot's registers
 * @param device_id  receives the device ID (0 = the slot is empty)
 * @return 0
 * @retval -ENODEV  no virtio-mmio interface answers there (wrong magic
 *                  value or a version other than 1 and 2)
 */
int virtio_mmio_probe(uintptr_t base, uint32_t *device_id);
/**
 * Scans slots for the first device with device_id.
 * @param first      the first slot's registers
 * @param stride     bytes between slots
 * @param count      slots
 * @param device_id  the device ID wanted
 * @param base       receives its slot's registers
 * @return 0
 * @retval -ENODEV  none has it
 */
int virtio_mmio_find(uintptr_t first, uint32_t stride, uint32_t count,
		     uint32_t device_id, uintptr_t *base);
/**
 * Resets the device at base and takes it as far as FEATURES_OK: of the
 * features it offers, accepts those in wanted (plus VIRTIO_F_VERSION_1 on
 * a modern interface, which must offer it).
 * @param vm      the transport
 * @param base    the slot's registers
 * @param wanted  feature bits
 * @return 0
 * @retval -ENODEV  nothing there, or a modern device without VERSION_1
 * @retval -EIO     FEATURES_OK refused
 */
int virtio_mmio_init(struct virtio_mmio *vm, uintptr_t base, uint64_t wanted);
/**
 * Sets up a queue with min(num, the device's maximum, VIRTQ_MAX_NUM)
 * descriptors, its memory from dma_alloc_coherent.
 * @param vm     the transport
 * @param q      the queue
 * @param index  the device's queue index
 * @param num    a power of two
 * @return 0
 * @retval -ENODEV  the device has no such queue
 * @retval -EINVAL  a bad num
 * @retval -ENOMEM  no DMA memory left
 */
int virtq_init(struct virtio_mmio *vm, struct virtq *q, uint16_t index, uint16_t num);
/**
 * DRIVER_OK: the device may now use its queues.
 * @param vm  the transport
 */
void virtio_mmio_driver_ok(struct virtio_mmio *vm);
/**
 * FAILED: the driver gave up on the device.
 * @param vm  the transport
 */
void virtio_mmio_fail(struct virtio_mmio *vm);
/**
 * Resets the device (status 0): every queue is forgotten by it.
 * @param vm  the transport
 */
void virtio_mmio_reset(struct virtio_mmio *vm);
/**
 * Whether the device says it is broken (DEVICE_NEEDS_RESET).
 * @param vm  the transport
 * @return true if it does
 */
bool virtio_mmio_needs_reset(const struct virtio_mmio *vm);
/**
 * A 32-bit word of the device's configuration space.
 * @param vm   the transport
 * @param off  offset in bytes
 * @return the word
 */
uint32_t virtio_mmio_config32(const struct virtio_mmio *vm, uint32_t off);
/**
 * For the ISR: reads InterruptStatus and acknowledges those bits.
 * @param vm  the transport
 * @return the bits (VIRTIO_MMIO_INT_*)
 */
uint32_t virtio_mmio_ack_irq(struct virtio_mmio *vm);

/**
 * Makes one chain of n_out device-readable buffers followed by n_in
 * device-writable ones available to the device.  The device sees it at
 * the next virtq_kick().
 * @param q      the queue
 * @param bufs   n_out + n_in buffers, in coherent DMA memory
 * @param n_out  device-readable ones, first
 * @param n_in   device-writable ones, after
 * @param token  not NULL: comes back from virtq_get() when the device is
 *               done with the chain
 * @return 0
 * @retval -EINVAL  no buffers, or a NULL token
 * @retval -ENOSPC  not enough free descriptors
 */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, uint32_t n_out,
	      uint32_t n_in, void *token);
/**
 * Notifies the device of the chains added since the last kick.
 * @param q  the queue
 */
void virtq_kick(struct virtq *q);
/**
 * The next chain the device has used, oldest first.  Its descriptors are
 * free again.
 * @param q    the queue
 * @param len  receives the bytes the device wrote into it
 * @return its token; NULL when there is none
 */
void *virtq_get(struct virtq *q, uint32_t *len);
/**
 * Free descriptors.
 * @param q  the queue
 * @return their count
 */
uint32_t virtq_free(const struct virtq *q);

#endif /* KOI_VIRTIO_MMIO_H */
