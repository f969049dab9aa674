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

/* -EINVAL unless size is a power of two >= 2. */
int ringbuf_init(struct ringbuf *r, uint8_t *storage, uint32_t size);
/* Bytes stored / free (a snapshot: exact for the calling side's view). */
uint32_t ringbuf_used(struct ringbuf *r);
uint32_t ringbuf_free(struct ringbuf *r);
/* Copies up to n bytes in / out; returns how many moved. */
uint32_t ringbuf_put(struct ringbuf *r, const uint8_t *src, uint32_t n);
uint32_t ringbuf_get(struct ringbuf *r, uint8_t *dst, uint32_t n);

#endif /* KOI_RINGBUF_H */
