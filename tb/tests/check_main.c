/*
** The main of every Check test program (see check_main.h).
*/
#include "check_main.h"

#include <stdio.h>
#include <stdlib.h>

#include "check_util.h"

TCase *check_add_tcase(Suite *s, const char *name, double timeout, const TTest *const *tests) {
  TCase *tc = tcase_create(name);
  if (timeout > 0) tcase_set_timeout(tc, timeout);
  for (; *tests; tests++) tcase_add_test(tc, *tests);
  suite_add_tcase(s, tc);
  return tc;
}

Suite *check_suite(const char *name, const char *tcase, double timeout, const TTest *const *tests) {
  Suite *s = suite_create(name);
  check_add_tcase(s, tcase, timeout, tests);
  return s;
}

int main(int argc, char **argv) {
  const check_prog *p = &check_program;
  const char *argv0 = argc > 0 ? argv[0] : p->name;
  tu_set_prog(argv0);
  if (p->cfg_count) {
    size_t n = p->cfg_count();
    if (n == 0) {
      fprintf(stderr, "%s: no model linked\n", argv0);
      return EXIT_FAILURE;
    }
    tu_only_cfg_require(argv0, n, p->cfg_name);
  }
  if (p->args) {
    int rc = p->args(argc, argv);
    if (rc) return rc;
  } else if (argc > 1) {
    fprintf(stderr, "%s: takes no arguments (got '%s'); the knobs are NMTEST_* and CK_* variables\n",
            argv0, argv[1]);
    return 2;
  }
  if (p->start) {
    p->start();
    fflush(stdout); /* before Check forks, so what it printed is printed once */
  }
  SRunner *sr = srunner_create(p->suite());
  srunner_run_all(sr, CK_ENV); /* CK_VERBOSITY; unset = CK_NORMAL */
  int ran = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  if (ran == 0) { /* a filter (CK_RUN_CASE, ...) that selects nothing tests nothing */
    fprintf(stderr, "%s: ran no test (CK_RUN_SUITE / CK_RUN_CASE / CK_INCLUDE_TAGS select none)\n",
            argv0);
    return EXIT_FAILURE;
  }
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
