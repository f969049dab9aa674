/* SPSC byte ring; see ringbuf.h. */
#include "lib/ringbuf.h"

#include <errno.h>

int ringbuf_init(struct ringbuf *r, uint8_t *storage, uint32_t size)
{
	if (!storage || size < 2 || (size & (size - 1u)))
		return -EINVAL;
	r->buf = storage;
	r->size = size;
	atomic_store_explicit(&r->head, 0, memory_order_relaxed);
	atomic_store_explicit(&r->tail, 0, memory_order_relaxed);
	return 0;
}

uint32_t ringbuf_used(struct ringbuf *r)
{
	uint32_t h = atomic_load_explicit(&r->head, memory_order_acquire);
	uint32_t t = atomic_load_explicit(&r->tail, memory_order_acquire);
	return h - t;
}

uint32_t ringbuf_free(struct ringbuf *r)
{
	return r->size - ringbuf_used(r);
}

uint32_t ringbuf_put(struct ringbuf *r, const uint8_t *src, uint32_t n)
{
	uint32_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
	uint32_t t = atomic_load_explicit(&r->tail, memory_order_acquire);
	uint32_t room = r->size - (h - t);
	if (n > room)
		n = room;
	for (uint32_t i = 0; i < n; i++)
		r->buf[(h + i) & (r->size - 1u)] = src[i];
	atomic_store_explicit(&r->head, h + n, memory_order_release);
	return n;
}

uint32_t ringbuf_get(struct ringbuf *r, uint8_t *dst, uint32_t n)
{
	uint32_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint32_t h = atomic_load_explicit(&r->head, memory_order_acquire);
	if (n > h - t)
		n = h - t;
	for (uint32_t i = 0; i < n; i++)
		dst[i] = r->buf[(t + i) & (r->size - 1u)];
	atomic_store_explicit(&r->tail, t + n, memory_order_release);
	return n;
}
