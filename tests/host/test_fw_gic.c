/*
 * GIC v1 driver logic against a register model of a distributor and one
 * CPU interface (QEMU's arm_gic as the Cortex-A9 MPCore has it: 96 IDs,
 * uniprocessor targets that read as zero): the state gic_init leaves,
 * attach/enable, priorities and targets, acknowledge and end of interrupt
 * in priority order, every pending line in one dispatch, the spurious ID,
 * a line without a handler.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/gic.h"
#include "tests/host/fw_mmio_fake.h"

#define DIST 0x1e001000u
#define CPU  0x1e000100u
#define NIRQ 96u

static struct {
	uint32_t ictr;                      /* ICDICTR as read */
	bool up_targets;                    /* uniprocessor: ICDIPTR RAZ/WI */
	uint32_t dcr, cicr, pmr, bpr;
	bool enabled[1024], pending[1024], active[1024];
	uint8_t prio[1024], target[1024];
	uint32_t cfg[64];
	uint32_t eoi[64], neoi;
} m;

/* IDs the model's distributor has. */
#define N ((m.ictr + 1u) * 32u)

static uint32_t bytes4(const uint8_t *b, uint32_t id)
{
	return b[id] | (uint32_t)b[id + 1] << 8 | (uint32_t)b[id + 2] << 16 |
	       (uint32_t)b[id + 3] << 24;
}

/* The highest-priority pending, enabled, inactive ID that the mask lets
 * through (lowest ID first among equals), or 1023. */
static uint32_t best(void)
{
	uint32_t id = 1023;
	if (!(m.dcr & 1u) || !(m.cicr & 1u))
		return id;
	for (uint32_t i = 0; i < N; i++)
		if (m.pending[i] && m.enabled[i] && !m.active[i] && m.prio[i] < m.pmr &&
		    (id == 1023 || m.prio[i] < m.prio[id]))
			id = i;
	return id;
}

static uint32_t rd(uintptr_t a)
{
	if (a >= CPU && a < CPU + 0x100u) {
		switch ((uint32_t)(a - CPU)) {
		case ICCICR: return m.cicr;
		case ICCPMR: return m.pmr;
		case ICCIAR: {
			uint32_t id = best();
			if (id != 1023) {
				m.active[id] = true;
				m.pending[id] = false;
			}
			return id;
		}
		default: fail_msg("CPU read %#x", (unsigned)(a - CPU)); return 0;
		}
	}
	uint32_t off = (uint32_t)(a - DIST);
	if (off == ICDDCR) return m.dcr;
	if (off == ICDICTR) return m.ictr;
	if (off >= ICDIPR && off < ICDIPR + N) return bytes4(m.prio, off - ICDIPR);
	if (off >= ICDIPTR && off < ICDIPTR + N)
		return m.up_targets ? 0 : bytes4(m.target, off - ICDIPTR);
	if (off >= ICDICFR && off < ICDICFR + N / 4u) return m.cfg[(off - ICDICFR) / 4u];
	fail_msg("distributor read %#x", off);
	return 0;
}

static void wr(uintptr_t a, uint32_t v)
{
	if (a >= CPU && a < CPU + 0x100u) {
		switch ((uint32_t)(a - CPU)) {
		case ICCICR: m.cicr = v; return;
		case ICCPMR: m.pmr = v & 0xffu; return;
		case ICCBPR: m.bpr = v; return;
		case ICCEOIR:
			assert_true(m.active[v & 0x3ffu]);
			m.active[v & 0x3ffu] = false;
			m.eoi[m.neoi++ % 64u] = v;
			return;
		default: fail_msg("CPU write %#x", (unsigned)(a - CPU)); return;
		}
	}
	uint32_t off = (uint32_t)(a - DIST);
	if (off == ICDDCR) { m.dcr = v; return; }
	for (int set = 1; set >= 0; set--) {
		uint32_t base = set ? ICDISER : ICDICER;
		if (off >= base && off < base + N / 8u) {
			for (uint32_t b = 0; b < 32; b++)
				if (v & (1u << b))
					m.enabled[(off - base) * 8u + b] = set;
			return;
		}
	}
	if (off >= ICDICPR && off < ICDICPR + N / 8u) {
		for (uint32_t b = 0; b < 32; b++)
			if (v & (1u << b))
				m.pending[(off - ICDICPR) * 8u + b] = false;
		return;
	}
	if (off >= ICDIPR && off < ICDIPR + N) {
		for (uint32_t i = 0; i < 4; i++)
			m.prio[off - ICDIPR + i] = (uint8_t)(v >> (8 * i));
		return;
	}
	if (off >= ICDIPTR && off < ICDIPTR + N) {
		if (!m.up_targets)
			for (uint32_t i = 0; i < 4; i++)
				m.target[off - ICDIPTR + i] = (uint8_t)(v >> (8 * i));
		return;
	}
	if (off >= ICDICFR && off < ICDICFR + N / 4u) {
		m.cfg[(off - ICDICFR) / 4u] = v;
		return;
	}
	fail_msg("distributor write %#x", off);
}

static struct gic g;
static uint32_t calls[NIRQ], order[16], norder, unexpected[4], nunexpected;

static void handler(void *ctx)
{
	uint32_t id = (uint32_t)(uintptr_t)ctx;
	calls[id]++;
	order[norder++ % 16u] = id;
}

static void on_unexpected(uint32_t id)
{
	unexpected[nunexpected++ % 4u] = id;
}

static int setup(void **state)
{
	(void)state;
	memset(&m, 0, sizeof m);
	m.ictr = NIRQ / 32u - 1u;
	m.up_targets = true;
	memset(m.enabled, 1, sizeof m.enabled); /* whatever reset left */
	memset(m.prio, 0x55, sizeof m.prio);
	for (uint32_t i = 0; i < 64; i++)
		m.cfg[i] = 0xffffffffu;
	memset(calls, 0, sizeof calls);
	norder = nunexpected = 0;
	fw_fake_read = rd;
	fw_fake_write = wr;
	gic_unexpected_hook = on_unexpected;
	assert_int_equal(gic_init(&g, DIST, CPU), 0);
	return 0;
}

static void init_state(void **state)
{
	(void)state;
	assert_int_equal(g.lines, NIRQ);
	assert_int_equal(g.cpu_mask, 1);
	for (uint32_t i = 0; i < NIRQ; i++) {
		assert_false(m.enabled[i]);
		assert_int_equal(m.prio[i], GIC_PRIO_DEFAULT);
	}
	/* Shared lines level-sensitive; the model bits and PPIs untouched. */
	for (uint32_t w = GIC_SPI_BASE / 16u; w < NIRQ / 16u; w++)
		assert_int_equal(m.cfg[w], 0x55555555u);
	assert_int_equal(m.cfg[1], 0xffffffffu);
	assert_int_equal(m.dcr, ICDDCR_ENABLE);
	assert_int_equal(m.cicr, ICCICR_ENABLE);
	assert_int_equal(m.pmr, GIC_PRIO_MASK);
	assert_true(GIC_PRIO_DEFAULT < GIC_PRIO_MASK);
	assert_int_equal(gic_init(&g, 0, CPU), -EINVAL);
}

static void targets_on_a_multiprocessor_gic(void **state)
{
	(void)state;
	m.up_targets = false;
	m.target[0] = 0x02; /* we are CPU interface 1 */
	assert_int_equal(gic_init(&g, DIST, CPU), 0);
	assert_int_equal(g.cpu_mask, 2);
	for (uint32_t i = GIC_SPI_BASE; i < NIRQ; i++)
		assert_int_equal(m.target[i], 2);
	assert_int_equal(gic_set_target(&g, 40, 0x01), 0);
	assert_int_equal(m.target[40], 1);
	assert_int_equal(m.target[41], 2);
	assert_int_equal(gic_set_target(&g, 27, 0x01), -EINVAL);
	assert_int_equal(gic_set_target(&g, 40, 0), -EINVAL);
}

static void attach_rules(void **state)
{
	(void)state;
	assert_int_equal(gic_attach(&g, 34, handler, (void *)34), 0);
	assert_int_equal(gic_attach(&g, 34, handler, (void *)34), -EBUSY);
	assert_int_equal(gic_attach(&g, NIRQ, handler, NULL), -EINVAL);
	assert_int_equal(gic_attach(&g, 35, NULL, NULL), -EINVAL);
	assert_false(m.enabled[34]);
	gic_enable(&g, 34);
	assert_true(m.enabled[34]);
	assert_int_equal(gic_detach(&g, 34), 0);
	assert_false(m.enabled[34]);
	assert_int_equal(gic_attach(&g, 34, handler, (void *)34), 0);
	assert_int_equal(gic_set_edge(&g, 43, true), 0);
	assert_int_equal(m.cfg[43 / 16], 0x55555555u | ICDICFR_EDGE << (43 % 16 * 2));
	assert_int_equal(gic_set_edge(&g, 43, false), 0);
	assert_int_equal(m.cfg[43 / 16], 0x55555555u);
	assert_int_equal(gic_set_edge(&g, 5, true), -EINVAL);
}

static void every_pending_line_in_priority_order(void **state)
{
	(void)state;
	const uint32_t ids[] = {34, 37, 43};
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(gic_attach(&g, ids[i], handler, (void *)(uintptr_t)ids[i]), 0);
		gic_enable(&g, ids[i]);
		m.pending[ids[i]] = true;
	}
	assert_int_equal(gic_set_priority(&g, 43, 0x20), 0);
	assert_int_equal(m.prio[43], 0x20);
	assert_int_equal(m.prio[42], GIC_PRIO_DEFAULT);
	assert_int_equal(gic_dispatch(&g), 3);
	assert_int_equal(norder, 3);
	assert_int_equal(order[0], 43);
	assert_int_equal(order[1], 34);
	assert_int_equal(order[2], 37);
	/* Each acknowledged ID ended with its own IAR value. */
	assert_int_equal(m.neoi, 3);
	assert_int_equal(m.eoi[0], 43);
	for (unsigned i = 0; i < 3; i++) {
		assert_false(m.active[ids[i]]);
		assert_int_equal(gic_irq_count(&g, ids[i]), 1);
	}
	assert_int_equal(gic_spurious_count(&g), 0);
	/* Masked by priority: not signalled. */
	assert_int_equal(gic_set_priority(&g, 34, 0xf8), 0);
	m.pending[34] = true;
	assert_int_equal(gic_dispatch(&g), 0);
	assert_int_equal(gic_spurious_count(&g), 1);
}

static void spurious_and_unexpected(void **state)
{
	(void)state;
	assert_int_equal(gic_dispatch(&g), 0);
	assert_int_equal(gic_spurious_count(&g), 1);
	assert_int_equal(m.neoi, 0); /* 1023 is never ended */
	/* Enabled but nobody attached: masked, reported, ended. */
	gic_enable(&g, 50);
	m.pending[50] = true;
	assert_int_equal(gic_dispatch(&g), 0);
	assert_int_equal(nunexpected, 1);
	assert_int_equal(unexpected[0], 50);
	assert_false(m.enabled[50]);
	assert_int_equal(m.neoi, 1);
	assert_int_equal(gic_spurious_count(&g), 1);
}

static void lines_capped(void **state)
{
	(void)state;
	m.ictr = 31; /* 1024 IDs */
	assert_int_equal(gic_init(&g, DIST, CPU), 0);
	assert_int_equal(g.lines, GIC_MAX_IRQS);
	assert_int_equal(gic_attach(&g, GIC_MAX_IRQS, handler, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(init_state, setup),
		cmocka_unit_test_setup(targets_on_a_multiprocessor_gic, setup),
		cmocka_unit_test_setup(attach_rules, setup),
		cmocka_unit_test_setup(every_pending_line_in_priority_order, setup),
		cmocka_unit_test_setup(spurious_and_unexpected, setup),
		cmocka_unit_test_setup(lines_capped, setup),
	};
	return cmocka_run_group_tests_name("fw_gic", tests, NULL, NULL);
}
