/*
 * pgtable.h — builds ARMv7 short-descriptor translation tables (pure logic,
 * no CP15 access, unit-tested on the host).
 *
 * The builder fills a caller-supplied first-level table (4096 entries, one
 * per MiB) and a pool of second-level "coarse" tables (256 entries, one per
 * 4 KiB page).  pt_map() uses 1 MiB sections whenever a whole aligned MiB
 * gets the same attributes and 4 KiB small pages otherwise.  All entries use
 * domain 0 with the DACR in client mode, TEX remap and the access flag off.
 *
 * Memory types (SCTLR.TRE = 0 encodings):
 *   PT_CODE    Normal write-back write-allocate, read-only, executable
 *   PT_RODATA  Normal WB-WA, read-only, execute-never
 *   PT_RWDATA  Normal WB-WA, read-write, execute-never
 *   PT_DMA     Normal non-cacheable, read-write, execute-never: memory a
 *              device reads or writes behind the CPU's back (coherent DMA)
 *   PT_DEVICE  Device (shareable), read-write, execute-never: registers
 *   PT_FAULT   no mapping: any access aborts (NULL page, stack guards)
 */
#ifndef KOI_PGTABLE_H
#define KOI_PGTABLE_H

#include <stdint.h>

enum pt_type { PT_FAULT, PT_CODE, PT_RODATA, PT_RWDATA, PT_DMA, PT_DEVICE };

#define PT_L1_ENTRIES 4096u
#define PT_L2_ENTRIES 256u
#define PT_SECTION    0x100000u
#define PT_PAGE       0x1000u

struct pt {
	uint32_t *l1;         /* 4096 entries, 16 KiB aligned (TTBR0)       */
	uint32_t (*l2)[PT_L2_ENTRIES]; /* pool of coarse tables, 1 KiB aligned */
	uint32_t l2_count;    /* tables in the pool                        */
	uint32_t l2_used;
	uint32_t l2_phys;     /* physical address of l2[0], for descriptors */
};

/* Descriptor bits (ARM ARM B3.5.1). */
#define PT_L1_COARSE   0x1u
#define PT_L1_SECTION  0x2u
#define PT_L1_TYPE_MASK 0x3u
#define PT_SEC_B       (1u << 2)
#define PT_SEC_C       (1u << 3)
#define PT_SEC_XN      (1u << 4)
#define PT_SEC_AP0     (1u << 10)  /* AP[1:0] = 01: privileged access only */
#define PT_SEC_TEX(x)  ((uint32_t)(x) << 12)
#define PT_SEC_AP2     (1u << 15)  /* read-only */

#define PT_L2_SMALL    0x2u
#define PT_L2_XN       (1u << 0)
#define PT_L2_B        (1u << 2)
#define PT_L2_C        (1u << 3)
#define PT_L2_AP0      (1u << 4)
#define PT_L2_TEX(x)   ((uint32_t)(x) << 6)
#define PT_L2_AP2      (1u << 9)

/**
 * Empties the tables (every address faults).
 * @param pt        the tables
 * @param l1        4096 entries, 16 KiB aligned
 * @param l2        the pool of coarse tables, 1 KiB aligned
 * @param l2_count  tables in the pool
 * @param l2_phys   physical address of l2[0], for descriptors
 */
void pt_init(struct pt *pt, uint32_t *l1, uint32_t (*l2)[PT_L2_ENTRIES],
	     uint32_t l2_count, uint32_t l2_phys);

/**
 * Identity-style map va..va+size -> pa with type t.  A range may overwrite
 * an earlier one (later calls win).
 * @param pt    the tables
 * @param va    virtual start, 4 KiB aligned
 * @param pa    physical start, 4 KiB aligned
 * @param size  bytes, 4 KiB aligned; the range must not wrap
 * @param t     the memory type
 * @return 0
 * @retval -EINVAL  bad alignment (or a wrapping range)
 * @retval -ENOMEM  the coarse-table pool is exhausted
 */
int pt_map(struct pt *pt, uint32_t va, uint32_t pa, uint32_t size, enum pt_type t);

/**
 * Software walk, as the MMU would do it.
 * @param pt     the tables
 * @param va     the address
 * @param pa     receives the physical address
 * @param desc   receives the final descriptor (level 1 section or level 2 page)
 * @param level  receives which level held the descriptor
 * @return 0
 * @retval -EFAULT  an unmapped address
 */
int pt_walk(const struct pt *pt, uint32_t va, uint32_t *pa, uint32_t *desc,
	    int *level);

/**
 * The type a descriptor encodes.
 * @param desc   the descriptor
 * @param level  1 or 2
 * @return the type (PT_FAULT for invalid ones)
 */
enum pt_type pt_desc_type(uint32_t desc, int level);

#endif /* KOI_PGTABLE_H */
