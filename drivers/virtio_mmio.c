/* The virtio-over-MMIO transport and split virtqueues; see virtio_mmio.h. */
#include "drivers/virtio_mmio.h"

#include <errno.h>
#include <string.h>

#include "arch/arm/mmu.h"
#include "drivers/mmio.h"

static uint32_t rd(const struct virtio_mmio *vm, uint32_t off)
{
	return mmio_read32(vm->base + off);
}

static void wr(const struct virtio_mmio *vm, uint32_t off, uint32_t v)
{
	mmio_write32(vm->base + off, v);
}

int virtio_mmio_probe(uintptr_t base, uint32_t *device_id)
{
	if (mmio_read32(base + VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC)
		return -ENODEV;
	uint32_t v = mmio_read32(base + VIRTIO_MMIO_VERSION);
	if (v != 1u && v != 2u)
		return -ENODEV;
	*device_id = mmio_read32(base + VIRTIO_MMIO_DEVICE_ID);
	return 0;
}

int virtio_mmio_find(uintptr_t first, uint32_t stride, uint32_t count,
		     uint32_t device_id, uintptr_t *base)
{
	for (uint32_t i = 0; i < count; i++) {
		uintptr_t b = first + (uintptr_t)i * stride;
		uint32_t id;
		if (virtio_mmio_probe(b, &id) == 0 && id == device_id && id) {
			*base = b;
			return 0;
		}
	}
	return -ENODEV;
}

static void set_status(struct virtio_mmio *vm, uint32_t bits)
{
	wr(vm, VIRTIO_MMIO_STATUS, rd(vm, VIRTIO_MMIO_STATUS) | bits);
}

static uint64_t device_features(const struct virtio_mmio *vm)
{
	wr(vm, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	uint64_t f = rd(vm, VIRTIO_MMIO_DEVICE_FEATURES);
	/* A legacy interface has 32 feature bits only (spec 4.2.4). */
	if (vm->version == 1u)
		return f;
	wr(vm, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	return f | (uint64_t)rd(vm, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
}

int virtio_mmio_init(struct virtio_mmio *vm, uintptr_t base, uint64_t wanted)
{
	uint32_t id;
	int r = virtio_mmio_probe(base, &id);
	if (r)
		return r;
	if (!id)
		return -ENODEV;
	*vm = (struct virtio_mmio){ .base = base, .device_id = id,
				    .version = mmio_read32(base + VIRTIO_MMIO_VERSION) };
	virtio_mmio_reset(vm);
	set_status(vm, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	set_status(vm, VIRTIO_CONFIG_S_DRIVER);
	uint64_t offered = device_features(vm);
	uint64_t take = offered & wanted & ~(1ull << VIRTIO_F_VERSION_1);
	if (vm->version == 2u) {
		if (!(offered & 1ull << VIRTIO_F_VERSION_1)) {
			virtio_mmio_fail(vm);
			return -ENODEV;
		}
		take |= 1ull << VIRTIO_F_VERSION_1;
	}
	wr(vm, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(vm, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)take);
	wr(vm, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(vm, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(take >> 32));
	vm->features = take;
	if (vm->version == 1u) {
		/* Legacy: the page size QueuePFN counts in. */
		wr(vm, VIRTIO_MMIO_GUEST_PAGE_SIZE, VIRTIO_MMIO_LEGACY_ALIGN);
		return 0;
	}
	set_status(vm, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(rd(vm, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		virtio_mmio_fail(vm);
		return -EIO;
	}
	return 0;
}

/* Bytes of the ring parts for num descriptors; the used ring starts on
 * the next VIRTIO_MMIO_LEGACY_ALIGN boundary, which suits both interfaces
 * (modern needs 16, 2 and 4 bytes of alignment). */
static uint32_t avail_bytes(uint32_t num) { return 6u + 2u * num; }
static uint32_t used_offset(uint32_t num)
{
	uint32_t a = VIRTQ_DESC_BYTES * num + avail_bytes(num);
	return (a + VIRTIO_MMIO_LEGACY_ALIGN - 1u) & ~(VIRTIO_MMIO_LEGACY_ALIGN - 1u);
}

static void tell_device(struct virtq *q)
{
	struct virtio_mmio *vm = q->vm;
	if (vm->version == 1u) {
		wr(vm, VIRTIO_MMIO_QUEUE_ALIGN, VIRTIO_MMIO_LEGACY_ALIGN);
		wr(vm, VIRTIO_MMIO_QUEUE_PFN, mmio_phys(q->desc) / VIRTIO_MMIO_LEGACY_ALIGN);
		return;
	}
	wr(vm, VIRTIO_MMIO_QUEUE_DESC_LOW, mmio_phys(q->desc));
	wr(vm, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	wr(vm, VIRTIO_MMIO_QUEUE_AVAIL_LOW, mmio_phys(q->avail));
	wr(vm, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, 0);
	wr(vm, VIRTIO_MMIO_QUEUE_USED_LOW, mmio_phys(q->used));
	wr(vm, VIRTIO_MMIO_QUEUE_USED_HIGH, 0);
	wr(vm, VIRTIO_MMIO_QUEUE_READY, 1);
}

int virtq_init(struct virtio_mmio *vm, struct virtq *q, uint16_t index, uint16_t num)
{
	if (!vm->base || num == 0 || (num & (num - 1u)))
		return -EINVAL;
	wr(vm, VIRTIO_MMIO_QUEUE_SEL, index);
	uint32_t max = rd(vm, VIRTIO_MMIO_QUEUE_NUM_MAX);
	bool busy = vm->version == 1u ? rd(vm, VIRTIO_MMIO_QUEUE_PFN) != 0
				      : rd(vm, VIRTIO_MMIO_QUEUE_READY) != 0;
	if (max == 0 || busy)
		return -ENODEV;
	if (num > VIRTQ_MAX_NUM)
		num = VIRTQ_MAX_NUM;
	while (num > max)
		num /= 2u;
	uint32_t bytes = used_offset(num) + 6u + VIRTQ_USED_ELEM_BYTES * num;
	uint8_t *mem = dma_alloc_coherent(bytes, VIRTIO_MMIO_LEGACY_ALIGN);
	if (!mem)
		return -ENOMEM;
	memset(mem, 0, bytes);
	*q = (struct virtq){
		.vm = vm, .index = index, .num = num,
		.desc = (struct virtq_desc *)mem,
		.avail = (struct virtq_avail *)(mem + VIRTQ_DESC_BYTES * num),
		.used = (struct virtq_used *)(mem + used_offset(num)),
		.free_head = 0, .num_free = num,
	};
	for (uint16_t i = 0; i + 1u < num; i++)
		q->desc[i].next = (uint16_t)(i + 1u);
	wr(vm, VIRTIO_MMIO_QUEUE_NUM, num);
	tell_device(q);
	return 0;
}

void virtio_mmio_driver_ok(struct virtio_mmio *vm)
{
	set_status(vm, VIRTIO_CONFIG_S_DRIVER_OK);
}

void virtio_mmio_fail(struct virtio_mmio *vm)
{
	set_status(vm, VIRTIO_CONFIG_S_FAILED);
}

void virtio_mmio_reset(struct virtio_mmio *vm)
{
	wr(vm, VIRTIO_MMIO_STATUS, 0);
	/* A modern device may take its time; 0 reads back once it is done. */
	for (uint32_t i = 0; i < 1000u && rd(vm, VIRTIO_MMIO_STATUS); i++)
		;
}

bool virtio_mmio_needs_reset(const struct virtio_mmio *vm)
{
	return (rd(vm, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET) != 0;
}

uint32_t virtio_mmio_config32(const struct virtio_mmio *vm, uint32_t off)
{
	return rd(vm, VIRTIO_MMIO_CONFIG + off);
}

uint32_t virtio_mmio_ack_irq(struct virtio_mmio *vm)
{
	uint32_t st = rd(vm, VIRTIO_MMIO_INTERRUPT_STATUS);
	if (st)
		wr(vm, VIRTIO_MMIO_INTERRUPT_ACK, st);
	return st;
}

/* ---- the split ring ------------------------------------------------------ */

/* The ring's indices are shared with the device: the compiler must neither
 * cache nor reorder them (atomics), and the bus must see the descriptors
 * before the index that publishes them (mmio_wmb: DSB, since the device
 * is another observer of the non-cacheable memory). */
static uint16_t ld16(const uint16_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static void st16(uint16_t *p, uint16_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, uint32_t n_out,
	      uint32_t n_in, void *token)
{
	uint32_t n = n_out + n_in;
	if (n == 0 || !token || !bufs)
		return -EINVAL;
	if (n > q->num_free)
		return -ENOSPC;
	uint16_t head = q->free_head, d = head, last = head;
	for (uint32_t i = 0; i < n; i++) {
		struct virtq_desc *desc = &q->desc[d];
		desc->addr = mmio_phys(bufs[i].addr);
		desc->len = bufs[i].len;
		desc->flags = (uint16_t)((i >= n_out ? VIRTQ_DESC_F_WRITE : 0u) |
					 (i + 1u < n ? VIRTQ_DESC_F_NEXT : 0u));
		last = d;
		d = desc->next;
	}
	q->free_head = q->desc[last].next;
	q->num_free = (uint16_t)(q->num_free - n);
	q->token[head] = token;
	q->avail->ring[q->avail_idx % q->num] = head;
	mmio_wmb();
	q->avail_idx++;
	st16(&q->avail->idx, q->avail_idx);
	return 0;
}

void virtq_kick(struct virtq *q)
{
	mmio_wmb();
	wr(q->vm, VIRTIO_MMIO_QUEUE_NOTIFY, q->index);
}

void *virtq_get(struct virtq *q, uint32_t *len)
{
	if (ld16(&q->used->idx) == q->last_used)
		return NULL;
	mmio_rmb();
	const struct virtq_used_elem *e = &q->used->ring[q->last_used % q->num];
	uint32_t id = e->id;
	if (len)
		*len = e->len;
	q->last_used++;
	if (id >= q->num || !q->token[id])
		return NULL; /* a device bug: an id we never gave it */
	void *token = q->token[id];
	q->token[id] = NULL;
	/* Back on the free list, the whole chain. */
	uint16_t d = (uint16_t)id, n = 1;
	while (q->desc[d].flags & VIRTQ_DESC_F_NEXT) {
		d = q->desc[d].next;
		n++;
	}
	q->desc[d].next = q->free_head;
	q->free_head = (uint16_t)id;
	q->num_free = (uint16_t)(q->num_free + n);
	return token;
}

uint32_t virtq_free(const struct virtq *q)
{
	return q->num_free;
}
