/*
 * ringbuf.h — lock-free single-producer single-consumer byte ring.
 *
 * One side only ever calls ringbuf_put (e.g. an ISR), the other only
 * ringbuf_get (the main loop).  Each index is written by one side only and
 * published with release/acquire ordering, so the data a reader sees is
 * complete.  Capacity is a power of two; head and tail run freely and
 * wrap modulo 2^32, so full and empty are told apart without a spare slot.
 */
#ifndef KOI_RINGBUF_H
#define KOI_RINGBUF_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct ringbuf {
	uint8_t *buf;
	uint32_t size;          /* power of two */
	_Atomic uint32_t head;  /* written by the producer only */
	_Atomic uint32_t tail;  /* written by the consumer only */
};

/**
 * Sets up an empty ring over the caller's storage.
 * @param r        the ring
 * @param storage  size bytes, owned by the ring from now on
 * @param size     a power of two >= 2
 * @return 0
 * @retval -EINVAL size is not a power of two >= 2
 */
int ringbuf_init(struct ringbuf *r, uint8_t *storage, uint32_t size);
/**
 * Bytes stored (a snapshot: exact for the calling side's view).
 * @param r  the ring
 * @return bytes the consumer can get
 */
uint32_t ringbuf_used(struct ringbuf *r);
/**
 * Bytes free (a snapshot: exact for the calling side's view).
 * @param r  the ring
 * @return bytes the producer can put
 */
uint32_t ringbuf_free(struct ringbuf *r);
/**
 * Copies up to n bytes in (producer side only).
 * @param r    the ring
 * @param src  n bytes
 * @param n    bytes offered
 * @return how many moved (fewer than n when the ring fills)
 */
uint32_t ringbuf_put(struct ringbuf *r, const uint8_t *src, uint32_t n);
/**
 * Copies up to n bytes out (consumer side only).
 * @param r    the ring
 * @param dst  room for n bytes
 * @param n    bytes wanted
 * @return how many moved (fewer than n when the ring empties)
 */
uint32_t ringbuf_get(struct ringbuf *r, uint8_t *dst, uint32_t n);

#endif /* KOI_RINGBUF_H */
