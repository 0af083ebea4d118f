/*
** C API over the Verilated floating-point leaf units (nm_fp16_mul,
** nm_fp32_add, nm_fp32_mul, nm_cvt16to32, nm_cvt32to16).
**
** A test binary links the models of one or more generated configurations;
** each registers itself under (config name, module name).  The harness
** streams operand vectors through a unit's valid pipeline and reads back the
** results in order, checking the handshake on the way.
*/
#ifndef NM_DUT_FP_H
#define NM_DUT_FP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dut_fp dut_fp;

/* Number of linked models, and the (config, unit) of the i-th one. */
size_t dut_fp_count(void);
const char *dut_fp_cfg(size_t i);
const char *dut_fp_unit(size_t i);
int dut_fp_stages(size_t i);             /* the unit's configured pipeline depth */

/* Instantiate and reset model i; NULL on failure. */
dut_fp *dut_fp_open(size_t i);
void dut_fp_close(dut_fp *d);

/*
** Stream n vectors: y[k] = unit(a[k], b[k]) (b ignored by one-input units).
** idle[k] (NULL = none) idle cycles are inserted before vector k, with
** garbage on the data inputs, to prove bubbles neither leak nor reorder.
** Returns 0, or -1 with a one-line reason in why: a result whose latency is
** not the configured depth, an extra or missing valid_o, or a hang.
*/
int dut_fp_run(dut_fp *d, const uint32_t *a, const uint32_t *b, uint32_t *y, size_t n,
               const uint8_t *idle, char *why, size_t whylen);

/* Clock cycles simulated so far by this instance. */
uint64_t dut_fp_cycles(const dut_fp *d);

#ifdef __cplusplus
}
#endif

#endif
