/*
 * mmio.h — the only place that touches device registers.
 *
 * Every goldfish register is 32 bits wide, little-endian, accessed with a
 * single 32-bit load or store.  The 0xff000000 window is mapped as Device
 * memory, so accesses are neither merged nor reordered against each other;
 * ordering against Normal memory (DMA buffers) needs mmio_wmb()/mmio_rmb().
 *
 * Under KOI_HOST (unit tests) the accessors call a fake register model
 * supplied by the test (tests/host/fw_mmio_fake.c), so drivers run unchanged.
 */
#ifndef KOI_MMIO_H
#define KOI_MMIO_H

#include <stdint.h>

#ifdef KOI_HOST
/**
 * The test's fake register model: a read.
 * @param addr  the register's address
 * @return its value
 */
uint32_t koi_host_mmio_read32(uintptr_t addr);
/**
 * The test's fake register model: a write.
 * @param addr  the register's address
 * @param val   the value
 */
void koi_host_mmio_write32(uintptr_t addr, uint32_t val);

static inline uint32_t mmio_read32(uintptr_t addr) { return koi_host_mmio_read32(addr); }
static inline void mmio_write32(uintptr_t addr, uint32_t val) { koi_host_mmio_write32(addr, val); }
static inline void mmio_wmb(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }
static inline void mmio_rmb(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
#else
/**
 * One 32-bit load from a register.
 * @param addr  the register's address
 * @return its value
 */
static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile const uint32_t *)addr;
}

/**
 * One 32-bit store to a register.
 * @param addr  the register's address
 * @param val   the value
 */
static inline void mmio_write32(uintptr_t addr, uint32_t val)
{
	*(volatile uint32_t *)addr = val;
}

/**
 * Make earlier Normal-memory stores (a DMA buffer) visible before a
 * following register write tells the device to read them.
 */
static inline void mmio_wmb(void) { __asm__ volatile("dsb st" ::: "memory"); }
/** Order a status-register read before reads of the memory it describes. */
static inline void mmio_rmb(void) { __asm__ volatile("dsb" ::: "memory"); }
#endif

#ifdef KOI_HOST
/**
 * Host pointers do not fit 32 bits: the fake hands out bus addresses.
 * @param p  a buffer
 * @return the bus address the fake gave it
 */
uint32_t koi_host_phys(const void *p);
static inline uint32_t mmio_phys(const void *p) { return koi_host_phys(p); }
#else
/**
 * Physical address of a buffer for a device: the MMU map is the identity.
 * @param p  the buffer
 * @return its address as the device sees it
 */
static inline uint32_t mmio_phys(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}
#endif

#endif /* KOI_MMIO_H */
