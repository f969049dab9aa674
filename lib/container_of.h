/*
 * container_of.h — from a pointer to a member back to the struct that
 * holds it, as in Linux.  A driver embeds its device class's struct
 * (drivers/serial_dev.h, drivers/timer_dev.h) in its own state and gets the
 * state back from the pointer the class passes to its operations, with no
 * pointer stored and no load spent on the way.
 */
#ifndef KOI_CONTAINER_OF_H
#define KOI_CONTAINER_OF_H

#include <stddef.h>

/* The struct of type `type` whose member `member` is *ptr. */
#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif /* KOI_CONTAINER_OF_H */
