/*
** The one main of the Check test programs (check_main.c).  A program links
** check_main.c and defines its descriptor:
**
**   const check_prog check_program = {.name = "test_rtl_ant", .suite = rtl_ant_suite,
**                                     .cfg_count = dut_ant_count, .cfg_name = cfg_at};
**
** main then: refuses arguments (unless `args` takes them), requires a linked
** model when the program has configurations (`cfg_count`) and an
** NMTEST_ONLY_CFG that names one of them (exit 2, check_util.h), runs the
** suite with the CK_* environment (CK_VERBOSITY, default normal: Check's
** "NN%: Checks: ..." result line; CK_RUN_SUITE / CK_RUN_CASE / CK_INCLUDE_TAGS
** pick tests), and fails a run that ran no test, so a mistyped CK_RUN_CASE
** fails like a mistyped NMTEST_ONLY_CFG (sim/run_tests' rule, checked by
** sim/run_tests_selftest).  Exit 0 when every test passed, else 1.
*/
#ifndef NM_CHECK_MAIN_H
#define NM_CHECK_MAIN_H

#include <check.h>
#include <stddef.h>

typedef struct {
  const char *name;                    /* the program, when argv[0] is missing */
  Suite *(*suite)(void);               /* built after args() */
  size_t (*cfg_count)(void);           /* NULL: no configurations (model / unit tests) */
  const char *(*cfg_name)(size_t i);   /* NMTEST_ONLY_CFG's names, 0 .. cfg_count() - 1 */
  /* NULL: the program takes no arguments.  Else it reads argv (banner,
  ** operands); non-zero is main's exit status (e.g. 2 for bad usage). */
  int (*args)(int argc, char **argv);
  void (*start)(void);                 /* NULL or: called just before the run (a banner) */
} check_prog;

extern const check_prog check_program;

/* Add TCase `name` (timeout in seconds, 0: Check's default) with the tests of
** the NULL-terminated list to s, in order; the TCase, for more tests. */
TCase *check_add_tcase(Suite *s, const char *name, double timeout, const TTest *const *tests);

/* A suite `name` of one such TCase. */
Suite *check_suite(const char *name, const char *tcase, double timeout, const TTest *const *tests);

#endif
