/*
** RTL vs golden model, bit for bit, for the FP leaf units.
**
** Every unit of every linked configuration (different pipeline depths) gets
** the same seeded vectors with random valid bubbles; each result must equal
** the model's bits, and every depth must give the same bits as every other.
** The shim checks that each result arrives exactly `stages` cycles after its
** input.  NMTEST_LONG=1 adds all 2^32 fp16 x fp16 products.
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "check_util.h"
#include "dut_fp.h"
#include "fp_vectors.h"
#include "nm_fp.h"
#include "nm_rng.h"

typedef struct {
  uint32_t *a, *b, *exp;
  size_t n;
} vectors;

typedef uint32_t (*ref_fn)(uint32_t a, uint32_t b);

static uint32_t ref_cvt16to32(uint32_t a, uint32_t b) { (void)b; return nm_cvt16to32((uint16_t)a); }
static uint32_t ref_cvt32to16(uint32_t a, uint32_t b) { (void)b; return nm_cvt32to16(a); }
static uint32_t ref_mul16(uint32_t a, uint32_t b) { return nm_mul16((uint16_t)a, (uint16_t)b); }
static uint32_t ref_add32(uint32_t a, uint32_t b) { return nm_add32(a, b); }
static uint32_t ref_mul32(uint32_t a, uint32_t b) { return nm_mul32(a, b); }

static vectors vec_alloc(size_t n) {
  vectors v = {calloc(n, 4), calloc(n, 4), calloc(n, 4), n};
  ck_assert_msg(v.a && v.b && v.exp, "out of memory for %zu vectors", n);
  return v;
}

static void vec_free(vectors *v) {
  free(v->a), free(v->b), free(v->exp);
  memset(v, 0, sizeof *v);
}

/* Append the cross product of a special-value set after `at`; returns new end. */
static size_t add_cross(vectors *v, size_t at, const uint32_t *s, size_t ns) {
  for (size_t i = 0; i < ns; i++)
    for (size_t j = 0; j < ns; j++, at++) v->a[at] = s[i], v->b[at] = s[j];
  return at;
}

/*
** Run v through every linked model of `unit`, compare with v->exp, and
** compare each depth's bits with the first depth's.
*/
static void run_unit(const char *unit, const vectors *v, int width, int verbose) {
  nm_rng r;
  uint8_t *idle = malloc(v->n);
  uint32_t *got = malloc(v->n * 4), *first = malloc(v->n * 4);
  ck_assert_msg(idle && got && first, "out of memory");
  nm_rng_seed(&r, tu_seed() ^ 0x1d1e);
  /* Mostly back-to-back; every ~16th vector waits 1..3 cycles. */
  for (size_t k = 0; k < v->n; k++) idle[k] = nm_rng_below(&r, 16) == 0 ? (uint8_t)(1 + nm_rng_below(&r, 3)) : 0;
  const char *first_cfg = NULL;
  int runs = 0;
  for (size_t m = 0; m < dut_fp_count(); m++) {
    if (strcmp(dut_fp_unit(m), unit) != 0) continue;
    if (tu_only_cfg() && strcmp(dut_fp_cfg(m), tu_only_cfg()) != 0) continue;
    char why[200], tensor[96];
    dut_fp *d = dut_fp_open(m);
    ck_assert_msg(d != NULL, "cannot open model %s/%s", dut_fp_cfg(m), unit);
    double t0 = tu_now();
    int rc = dut_fp_run(d, v->a, v->b, got, v->n, idle, why, sizeof why);
    double dt = tu_now() - t0;
    ck_assert_msg(rc == 0, "%s [config %s, depth %d]: %s (seed %llu)", unit, dut_fp_cfg(m),
                  dut_fp_stages(m), why, (unsigned long long)tu_seed());
    if (verbose)
      printf("%-13s config %-8s depth %d: %zu vectors bit-exact, %.2f M results/s, %llu cycles\n", unit,
           dut_fp_cfg(m), dut_fp_stages(m), v->n, (double)v->n / dt / 1e6,
           (unsigned long long)dut_fp_cycles(d));
    dut_fp_close(d);
    snprintf(tensor, sizeof tensor, "%s[config %s, depth %d]", unit, dut_fp_cfg(m), dut_fp_stages(m));
    size_t bad = tu_report_mismatches(tensor, v->a, v->b, v->exp, got, v->n, width, 8);
    ck_assert_msg(bad == 0, "%s: %zu results differ from the model (seed %llu)", tensor, bad,
                  (unsigned long long)tu_seed());
    if (!first_cfg) {
      memcpy(first, got, v->n * 4);
      first_cfg = dut_fp_cfg(m);
    } else {
      snprintf(tensor, sizeof tensor, "%s[config %s vs %s]", unit, dut_fp_cfg(m), first_cfg);
      ck_assert_msg(tu_report_mismatches(tensor, v->a, v->b, first, got, v->n, width, 8) == 0,
                    "%s: depths disagree", tensor);
    }
    runs++;
  }
  ck_assert_msg(runs > 0, "no linked model of %s", unit);
  free(idle), free(got), free(first);
}

static void fill_expected(vectors *v, ref_fn ref) {
  for (size_t i = 0; i < v->n; i++) v->exp[i] = ref(v->a[i], v->b[i]);
}

/* The model's results of v, every linked model of unit run on v, then v freed. */
static void check_and_free(const char *unit, vectors *v, ref_fn ref, int width) {
  fill_expected(v, ref);
  run_unit(unit, v, width, 1);
  vec_free(v);
}

START_TEST(cvt16to32_all_65536_inputs_match_model) {
  vectors v = vec_alloc(65536);
  for (uint32_t i = 0; i < 65536; i++) v.a[i] = i;
  check_and_free("nm_cvt16to32", &v, ref_cvt16to32, 8);
}
END_TEST

START_TEST(cvt32to16_random_and_boundaries_match_model) {
  nm_rng r;
  uint32_t s[256];
  size_t ns = fpv_special32(s, 256), n = tu_count(1000000);
  vectors v = vec_alloc(n + ns);
  nm_rng_seed(&r, tu_seed());
  fpv_cvt32to16_inputs(&r, v.a, n);
  memcpy(v.a + n, s, ns * 4);
  check_and_free("nm_cvt32to16", &v, ref_cvt32to16, 4);
}
END_TEST

START_TEST(fp16_mul_random_and_special_pairs_match_model) {
  nm_rng r;
  uint16_t s16[256];
  uint32_t s[256];
  size_t ns = fpv_special16(s16, 256), n = tu_count(2000000);
  for (size_t i = 0; i < ns; i++) s[i] = s16[i];
  vectors v = vec_alloc(n + ns * ns);
  uint16_t *a = malloc(n * 2), *b = malloc(n * 2);
  ck_assert(a && b);
  nm_rng_seed(&r, tu_seed());
  fpv_mul16_pairs(&r, a, b, n);
  for (size_t i = 0; i < n; i++) v.a[i] = a[i], v.b[i] = b[i];
  add_cross(&v, n, s, ns);
  free(a), free(b);
  check_and_free("nm_fp16_mul", &v, ref_mul16, 8);
}
END_TEST

/* fp32 two-operand units share one shape: generator + special cross product. */
static void check_fp32_binary(const char *unit, void (*gen)(nm_rng *, uint32_t *, uint32_t *, size_t),
                              ref_fn ref) {
  nm_rng r;
  uint32_t s[256];
  size_t ns = fpv_special32(s, 256), n = tu_count(1000000);
  vectors v = vec_alloc(n + ns * ns);
  nm_rng_seed(&r, tu_seed());
  gen(&r, v.a, v.b, n);
  add_cross(&v, n, s, ns);
  check_and_free(unit, &v, ref, 8);
}

START_TEST(fp32_add_stress_and_special_pairs_match_model) {
  check_fp32_binary("nm_fp32_add", fpv_add32_pairs, ref_add32);
}
END_TEST

START_TEST(fp32_mul_stress_and_special_pairs_match_model) {
  check_fp32_binary("nm_fp32_mul", fpv_mul32_pairs, ref_mul32);
}
END_TEST

/* make test-long: every fp16 x fp16 pair, 2^16 products per run. */
START_TEST(fp16_mul_all_2pow32_pairs_match_model) {
  vectors v = vec_alloc(65536);
  for (uint32_t x = 0; x < 65536; x++) {
    for (uint32_t y = 0; y < 65536; y++) v.a[y] = x, v.b[y] = y;
    fill_expected(&v, ref_mul16);
    run_unit("nm_fp16_mul", &v, 8, 0);
  }
  vec_free(&v);
}
END_TEST

static Suite *rtl_fp_suite(void) {
  Suite *s = suite_create("rtl_fp");
  const TTest *tests[] = {
      cvt16to32_all_65536_inputs_match_model,
      cvt32to16_random_and_boundaries_match_model,
      fp16_mul_random_and_special_pairs_match_model,
      fp32_add_stress_and_special_pairs_match_model,
      fp32_mul_stress_and_special_pairs_match_model,
      NULL};
  check_add_tcase(s, "units", 600, tests);
  if (tu_long()) {
    const TTest *exhaustive[] = {fp16_mul_all_2pow32_pairs_match_model, NULL};
    check_add_tcase(s, "exhaustive", 24 * 3600, exhaustive);
  }
  return s;
}

const check_prog check_program = {.name = "test_rtl_fp", .suite = rtl_fp_suite,
                                   .cfg_count = dut_fp_count, .cfg_name = dut_fp_cfg};
