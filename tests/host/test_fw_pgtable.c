/* Page-table builder: sections vs pages, attributes, splitting, errors. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/arm/pgtable.h"

static uint32_t l1[PT_L1_ENTRIES];
static uint32_t l2[2][PT_L2_ENTRIES];
static struct pt pt;
#define L2_PHYS 0x00030000u

static int setup(void **state)
{
	(void)state;
	memset(l2, 0xee, sizeof(l2)); /* junk: the builder must fill every entry */
	pt_init(&pt, l1, l2, 2, L2_PHYS);
	return 0;
}

static enum pt_type type_at(uint32_t va, int *level, uint32_t *pa)
{
	uint32_t desc, p;
	int lv;
	if (pt_walk(&pt, va, &p, &desc, &lv))
		return PT_FAULT;
	if (level)
		*level = lv;
	if (pa)
		*pa = p;
	return pt_desc_type(desc, lv);
}

static void empty_faults(void **state)
{
	(void)state;
	uint32_t pa, d;
	int lv;
	assert_int_equal(pt_walk(&pt, 0, &pa, &d, &lv), -EFAULT);
	assert_int_equal(pt_walk(&pt, 0xfffff000u, &pa, &d, &lv), -EFAULT);
}

static void sections_for_aligned_mib(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0xff000000u, 0xff000000u, 0x800000u, PT_DEVICE), 0);
	int lv;
	uint32_t pa;
	assert_int_equal(type_at(0xff004010u, &lv, &pa), PT_DEVICE);
	assert_int_equal(lv, 1);
	assert_int_equal(pa, 0xff004010u);
	assert_int_equal(type_at(0xff7fffffu, NULL, NULL), PT_DEVICE);
	assert_int_equal(type_at(0xff800000u, NULL, NULL), PT_FAULT);
	assert_int_equal(pt.l2_used, 0);
	/* Device: TEX 0, C 0, B 1, XN, AP 01. */
	assert_int_equal(l1[0xff0], 0xff000000u | 0x2u | 0x4u | 0x10u | 0x400u);
}

static void pages_and_guards(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x10000, 0x10000, 0x4000, PT_CODE), 0);
	assert_int_equal(pt_map(&pt, 0x14000, 0x14000, 0x1000, PT_RODATA), 0);
	assert_int_equal(pt_map(&pt, 0x16000, 0x16000, 0x2000, PT_RWDATA), 0);
	int lv;
	assert_int_equal(type_at(0x10000, &lv, NULL), PT_CODE);
	assert_int_equal(lv, 2);
	assert_int_equal(type_at(0x13fff, NULL, NULL), PT_CODE);
	assert_int_equal(type_at(0x14000, NULL, NULL), PT_RODATA);
	assert_int_equal(type_at(0x15000, NULL, NULL), PT_FAULT); /* the gap: a guard */
	assert_int_equal(type_at(0x17abc, NULL, NULL), PT_RWDATA);
	assert_int_equal(type_at(0x0, NULL, NULL), PT_FAULT);
	assert_int_equal(type_at(0x18000, NULL, NULL), PT_FAULT);
	assert_int_equal(pt.l2_used, 1);
	assert_int_equal(l1[0], L2_PHYS | PT_L1_COARSE);
	/* Code page: TEX 001 C B, AP[2]=1 read-only, executable. */
	assert_int_equal(l2[0][0x10], 0x10000u | 0x2u | 0x4u | 0x8u | 0x10u | 0x40u | 0x200u);
}

static void dma_is_uncached(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x100000, 0x100000, 0x100000, PT_DMA), 0);
	assert_int_equal(type_at(0x180000, NULL, NULL), PT_DMA);
	uint32_t d = l1[1];
	assert_int_equal(d & (PT_SEC_C | PT_SEC_B), 0);
	assert_int_equal((d >> 12) & 7u, 1);
	assert_true(d & PT_SEC_XN);
}

static void split_keeps_attributes(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x200000, 0x200000, 0x100000, PT_RWDATA), 0);
	assert_int_equal(pt_map(&pt, 0x205000, 0x205000, 0x1000, PT_FAULT), 0);
	assert_int_equal(type_at(0x204fff, NULL, NULL), PT_RWDATA);
	assert_int_equal(type_at(0x205000, NULL, NULL), PT_FAULT);
	assert_int_equal(type_at(0x206000, NULL, NULL), PT_RWDATA);
	assert_int_equal(type_at(0x2fffff, NULL, NULL), PT_RWDATA);
}

static void pool_exhaustion(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x000000, 0, 0x1000, PT_RWDATA), 0);
	assert_int_equal(pt_map(&pt, 0x100000, 0x100000, 0x1000, PT_RWDATA), 0);
	assert_int_equal(pt_map(&pt, 0x200000, 0x200000, 0x1000, PT_RWDATA), -ENOMEM);
}

static void bad_arguments(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x10, 0x10, 0x1000, PT_CODE), -EINVAL);
	assert_int_equal(pt_map(&pt, 0x1000, 0x1000, 0x1001, PT_CODE), -EINVAL);
	assert_int_equal(pt_map(&pt, 0xfff00000u, 0xfff00000u, 0x200000, PT_DEVICE), -EINVAL);
	assert_int_equal(pt_map(&pt, 0x1000, 0x1000, 0x1000, (enum pt_type)42), -EINVAL);
}

static void non_identity(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x80000000u, 0x00300000u, 0x100000, PT_RWDATA), 0);
	uint32_t pa;
	assert_int_equal(type_at(0x80012345u, NULL, &pa), PT_RWDATA);
	assert_int_equal(pa, 0x00312345u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(empty_faults, setup),
		cmocka_unit_test_setup(sections_for_aligned_mib, setup),
		cmocka_unit_test_setup(pages_and_guards, setup),
		cmocka_unit_test_setup(dma_is_uncached, setup),
		cmocka_unit_test_setup(split_keeps_attributes, setup),
		cmocka_unit_test_setup(pool_exhaustion, setup),
		cmocka_unit_test_setup(bad_arguments, setup),
		cmocka_unit_test_setup(non_identity, setup),
	};
	return cmocka_run_group_tests_name("fw_pgtable", tests, NULL, NULL);
}
