/* Short-descriptor table builder; see pgtable.h for the contract. */
#include "arch/arm/pgtable.h"

#include <errno.h>
#include <stddef.h>

/* TEX/C/B per type, shared by both levels (same meaning, different bits). */
struct pt_attr { uint32_t tex, c, b, ro, xn; };

static int attr_of(enum pt_type t, struct pt_attr *a)
{
	switch (t) {
	case PT_CODE:   *a = (struct pt_attr){ 1, 1, 1, 1, 0 }; return 0;
	case PT_RODATA: *a = (struct pt_attr){ 1, 1, 1, 1, 1 }; return 0;
	case PT_RWDATA: *a = (struct pt_attr){ 1, 1, 1, 0, 1 }; return 0;
	case PT_DMA:    *a = (struct pt_attr){ 1, 0, 0, 0, 1 }; return 0;
	case PT_DEVICE: *a = (struct pt_attr){ 0, 0, 1, 0, 1 }; return 0;
	case PT_FAULT:  break;
	}
	return -EINVAL;
}

static uint32_t section_desc(uint32_t pa, enum pt_type t)
{
	struct pt_attr a;
	if (attr_of(t, &a))
		return 0;
	return (pa & 0xfff00000u) | PT_L1_SECTION | PT_SEC_TEX(a.tex) |
	       (a.c ? PT_SEC_C : 0) | (a.b ? PT_SEC_B : 0) | PT_SEC_AP0 |
	       (a.ro ? PT_SEC_AP2 : 0) | (a.xn ? PT_SEC_XN : 0);
}

static uint32_t page_desc(uint32_t pa, enum pt_type t)
{
	struct pt_attr a;
	if (attr_of(t, &a))
		return 0;
	return (pa & 0xfffff000u) | PT_L2_SMALL | PT_L2_TEX(a.tex) |
	       (a.c ? PT_L2_C : 0) | (a.b ? PT_L2_B : 0) | PT_L2_AP0 |
	       (a.ro ? PT_L2_AP2 : 0) | (a.xn ? PT_L2_XN : 0);
}

/* A section's attributes re-encoded as a small page (for splitting). */
static uint32_t section_to_page(uint32_t sec, uint32_t pa)
{
	if ((sec & PT_L1_TYPE_MASK) != PT_L1_SECTION)
		return 0;
	return (pa & 0xfffff000u) | PT_L2_SMALL |
	       PT_L2_TEX((sec >> 12) & 7u) |
	       ((sec & PT_SEC_C) ? PT_L2_C : 0) | ((sec & PT_SEC_B) ? PT_L2_B : 0) |
	       (((sec >> 10) & 3u) << 4) | ((sec & PT_SEC_AP2) ? PT_L2_AP2 : 0) |
	       ((sec & PT_SEC_XN) ? PT_L2_XN : 0);
}

void pt_init(struct pt *pt, uint32_t *l1, uint32_t (*l2)[PT_L2_ENTRIES],
	     uint32_t l2_count, uint32_t l2_phys)
{
	pt->l1 = l1;
	pt->l2 = l2;
	pt->l2_count = l2_count;
	pt->l2_used = 0;
	pt->l2_phys = l2_phys;
	for (uint32_t i = 0; i < PT_L1_ENTRIES; i++)
		l1[i] = 0;
}

static uint32_t *l2_of(const struct pt *pt, uint32_t l1desc)
{
	uint32_t off = (l1desc & 0xfffffc00u) - pt->l2_phys;
	uint32_t idx = off / (PT_L2_ENTRIES * 4u);
	if (off % (PT_L2_ENTRIES * 4u) || idx >= pt->l2_used)
		return NULL;
	return pt->l2[idx];
}

/* The coarse table for the MiB holding va, created (and filled from any
 * section that was there) on first use. */
static uint32_t *l2_get(struct pt *pt, uint32_t va)
{
	uint32_t *e = &pt->l1[va >> 20];
	if ((*e & PT_L1_TYPE_MASK) == PT_L1_COARSE)
		return l2_of(pt, *e);
	if (pt->l2_used == pt->l2_count)
		return NULL;
	uint32_t *t = pt->l2[pt->l2_used];
	for (uint32_t i = 0; i < PT_L2_ENTRIES; i++)
		t[i] = section_to_page(*e, (*e & 0xfff00000u) + i * PT_PAGE);
	*e = (pt->l2_phys + pt->l2_used * PT_L2_ENTRIES * 4u) | PT_L1_COARSE;
	pt->l2_used++;
	return t;
}

int pt_map(struct pt *pt, uint32_t va, uint32_t pa, uint32_t size, enum pt_type t)
{
	if ((va | pa | size) & (PT_PAGE - 1u))
		return -EINVAL;
	if (size && va + (size - 1u) < va)
		return -EINVAL;
	if (t != PT_FAULT) {
		struct pt_attr a;
		if (attr_of(t, &a))
			return -EINVAL;
	}
	while (size) {
		if (!((va | pa) & (PT_SECTION - 1u)) && size >= PT_SECTION) {
			/* A whole MiB: one section replaces whatever was there
			 * (an orphaned coarse table just stays unused). */
			pt->l1[va >> 20] = section_desc(pa, t);
			va += PT_SECTION;
			pa += PT_SECTION;
			size -= PT_SECTION;
			continue;
		}
		uint32_t *l2 = l2_get(pt, va);
		if (!l2)
			return -ENOMEM;
		l2[(va >> 12) & 0xffu] = page_desc(pa, t);
		va += PT_PAGE;
		pa += PT_PAGE;
		size -= PT_PAGE;
	}
	return 0;
}

int pt_walk(const struct pt *pt, uint32_t va, uint32_t *pa, uint32_t *desc,
	    int *level)
{
	uint32_t e = pt->l1[va >> 20];
	switch (e & PT_L1_TYPE_MASK) {
	case PT_L1_SECTION:
		*pa = (e & 0xfff00000u) | (va & 0x000fffffu);
		*desc = e;
		*level = 1;
		return 0;
	case PT_L1_COARSE: {
		const uint32_t *l2 = l2_of(pt, e);
		if (!l2)
			return -EFAULT;
		uint32_t p = l2[(va >> 12) & 0xffu];
		if (!(p & PT_L2_SMALL))
			return -EFAULT;
		*pa = (p & 0xfffff000u) | (va & 0xfffu);
		*desc = p;
		*level = 2;
		return 0;
	}
	default:
		return -EFAULT;
	}
}

enum pt_type pt_desc_type(uint32_t d, int level)
{
	uint32_t tex, c, b, ro, xn;
	if (level == 1) {
		if ((d & PT_L1_TYPE_MASK) != PT_L1_SECTION)
			return PT_FAULT;
		tex = (d >> 12) & 7u; c = !!(d & PT_SEC_C); b = !!(d & PT_SEC_B);
		ro = !!(d & PT_SEC_AP2); xn = !!(d & PT_SEC_XN);
	} else {
		if (!(d & PT_L2_SMALL))
			return PT_FAULT;
		tex = (d >> 6) & 7u; c = !!(d & PT_L2_C); b = !!(d & PT_L2_B);
		ro = !!(d & PT_L2_AP2); xn = !!(d & PT_L2_XN);
	}
	if (tex == 1 && c && b)
		return ro ? (xn ? PT_RODATA : PT_CODE) : (xn ? PT_RWDATA : PT_FAULT);
	if (tex == 1 && !c && !b && !ro && xn)
		return PT_DMA;
	if (tex == 0 && !c && b && !ro && xn)
		return PT_DEVICE;
	return PT_FAULT;
}
