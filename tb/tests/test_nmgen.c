/*
** Tests of the generator: every key's range edges, error messages and exit
** codes, config-file precedence, determinism, atomic output, file headers,
** template expansion, and that the README's key table is the --help table.
**
** The nmgen binary under test is $NMGEN (default build/nmgen); run from the
** repository root (README.md and sim/configs are read).
*/
#define _XOPEN_SOURCE 700
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_main.h"
#include "../../generator/strbuf.h"
#include "../../generator/template.h"

#define OUT_MAX 65536

typedef struct {
  int code;            /* exit status, or -1 if it did not exit normally */
  char out[OUT_MAX];   /* stdout and stderr together */
} run_result;

static const char *nmgen_path(void) {
  const char *p = getenv("NMGEN");
  return p && *p ? p : "build/nmgen";
}

/* Run nmgen with args (NULL-terminated); fault = NMGEN_FAULT_AFTER_FILES or NULL. */
static void run_nmgen(run_result *r, const char *fault, const char *const *args) {
  char path[] = "/tmp/nmgen-test-out-XXXXXX";
  int fd = mkstemp(path);
  ck_assert_msg(fd >= 0, "mkstemp failed");
  const char *argv[64] = {nmgen_path()};
  int n = 1;
  for (; args[n - 1] && n < 63; n++) argv[n] = args[n - 1];
  argv[n] = NULL;
  pid_t pid = fork();
  ck_assert_msg(pid >= 0, "fork failed");
  if (pid == 0) {
    dup2(fd, 1), dup2(fd, 2);
    if (fault) setenv("NMGEN_FAULT_AFTER_FILES", fault, 1);
    else unsetenv("NMGEN_FAULT_AFTER_FILES");
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  int st;
  waitpid(pid, &st, 0);
  r->code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  ssize_t got = pread(fd, r->out, OUT_MAX - 1, 0);
  r->out[got > 0 ? got : 0] = '\0';
  close(fd);
  unlink(path);
}

static int rm_entry(const char *p, const struct stat *s, int t, struct FTW *f) {
  (void)s, (void)t, (void)f;
  return remove(p);
}

static void rm_tree(const char *p) { nftw(p, rm_entry, 8, FTW_DEPTH | FTW_PHYS); }

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  size_t got = fread(buf, 1, (size_t)n, f);
  fclose(f);
  buf[got] = '\0';
  if (len) *len = got;
  return buf;
}

static int exists(const char *p) { return access(p, F_OK) == 0; }

/* A scratch parent directory per test; DIR is <scratch>/out. */
static void scratch(char *parent, size_t len, char *out, size_t outlen) {
  snprintf(parent, len, "/tmp/nmgen-test-XXXXXX");
  ck_assert(mkdtemp(parent) != NULL);
  snprintf(out, outlen, "%s/out", parent);
}

/* Entries in dir other than "out" (leftover temporaries). */
static int leftovers(const char *dir) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "out")) n++;
  if (d) closedir(d);
  return n;
}

typedef struct {
  char name[32], kind[8], def[40], choices[80];
  long min, max;
} key_row;

static int list_keys(key_row *rows, int cap) {
  run_result *r = malloc(sizeof *r);
  const char *args[] = {"--list-keys", NULL};
  run_nmgen(r, NULL, args);
  ck_assert_int_eq(r->code, 0);
  int n = 0;
  for (char *line = strtok(r->out, "\n"); line && n < cap; line = strtok(NULL, "\n"), n++)
    ck_assert_int_eq(sscanf(line, "%31s %7s %ld %ld %39s %79s", rows[n].name, rows[n].kind,
                            &rows[n].min, &rows[n].max, rows[n].def, rows[n].choices), 6);
  free(r);
  return n;
}

/* nmgen --KEY VALUE -o DIR must succeed (and make DIR) or fail with exit 2
** and a message naming the key, the value and the allowed range. */
static void expect_accept(const char *key, const char *value) {
  char parent[64], out[96], opt[64];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  snprintf(opt, sizeof opt, "--%s", key);
  const char *args[] = {opt, value, "-o", out, NULL};
  run_nmgen(r, NULL, args);
  ck_assert_msg(r->code == 0 && exists(out), "--%s %s refused (exit %d): %s", key, value, r->code, r->out);
  rm_tree(parent);
  free(r);
}

static void expect_refuse(const char *key, const char *value, const char *allowed) {
  char parent[64], out[96], opt[64], want[160];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  snprintf(opt, sizeof opt, "--%s", key);
  const char *args[] = {opt, value, "-o", out, NULL};
  run_nmgen(r, NULL, args);
  ck_assert_msg(r->code == 2, "--%s '%s' gave exit %d, want 2: %s", key, value, r->code, r->out);
  ck_assert_msg(!exists(out), "--%s '%s' refused but left %s", key, value, out);
  snprintf(want, sizeof want, "key '%s': bad value '%s'", key, value);
  ck_assert_msg(strstr(r->out, want), "message lacks \"%s\": %s", want, r->out);
  ck_assert_msg(strstr(r->out, allowed), "message lacks the allowed range \"%s\": %s", allowed, r->out);
  ck_assert_msg(strchr(r->out, '\n') == r->out + strlen(r->out) - 1, "want one line: %s", r->out);
  rm_tree(parent);
  free(r);
}

START_TEST(every_key_accepts_its_edges_and_refuses_one_past) {
  key_row k[64];
  int n = list_keys(k, 64);
  ck_assert_int_ge(n, 9);
  for (int i = 0; i < n; i++) {
    char lo[32], hi[32], below[32], above[32], range[64];
    if (!strcmp(k[i].kind, "int")) {
      snprintf(lo, sizeof lo, "%ld", k[i].min), snprintf(hi, sizeof hi, "%ld", k[i].max);
      snprintf(below, sizeof below, "%ld", k[i].min - 1), snprintf(above, sizeof above, "%ld", k[i].max + 1);
      snprintf(range, sizeof range, "%ld..%ld", k[i].min, k[i].max);
      expect_accept(k[i].name, lo), expect_accept(k[i].name, hi);
      expect_refuse(k[i].name, below, range), expect_refuse(k[i].name, above, range);
      expect_refuse(k[i].name, "12abc", range), expect_refuse(k[i].name, "", range);
    } else if (!strcmp(k[i].kind, "enum")) {
      char words[80];
      snprintf(words, sizeof words, "%s", k[i].choices);
      for (char *w = strtok(words, "|"); w; w = strtok(NULL, "|")) expect_accept(k[i].name, w);
      expect_refuse(k[i].name, "bogus", k[i].choices);
    } else { /* name: length min..max of [a-z][a-z0-9_]* */
      char longest[80] = {0}, too_long[80] = {0};
      memset(longest, 'a', (size_t)k[i].max), memset(too_long, 'b', (size_t)k[i].max + 1);
      expect_accept(k[i].name, "a"), expect_accept(k[i].name, longest);
      expect_refuse(k[i].name, too_long, "[a-z][a-z0-9_]*");
      expect_refuse(k[i].name, "9lives", "[a-z][a-z0-9_]*");
      expect_refuse(k[i].name, "Upper", "[a-z][a-z0-9_]*");
      expect_refuse(k[i].name, "", "[a-z][a-z0-9_]*");
    }
  }
}
END_TEST

START_TEST(bad_usage_exits_2_with_one_line) {
  static const char *const cases[][6] = {
      {"--nosuchkey", "1", "-o", "x", NULL, "unknown key 'nosuchkey'"},
      {"--rows", NULL, NULL, NULL, NULL, "key 'rows' needs a value"},
      {"--rows", "4", NULL, NULL, NULL, "no output directory"},
      {"stray", NULL, NULL, NULL, NULL, "unexpected argument 'stray'"},
      {"--config", "/nonexistent/x.cfg", "-o", "x", NULL, "cannot read '/nonexistent/x.cfg'"},
      {"-o", "/nonexistent/dir/out", NULL, NULL, NULL, "option '-o'"},
      {"-o", "/etc/passwd/out", NULL, NULL, NULL, "option '-o'"},
  };
  run_result *r = malloc(sizeof *r);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    run_nmgen(r, NULL, cases[i]);
    ck_assert_msg(r->code == 2, "case %zu: exit %d, want 2: %s", i, r->code, r->out);
    ck_assert_msg(strstr(r->out, cases[i][5]), "case %zu: message lacks \"%s\": %s", i, cases[i][5], r->out);
  }
  free(r);
}
END_TEST

/* Write text to <parent>/t.cfg and run nmgen --config on it (plus extra args). */
static void run_with_config(run_result *r, const char *parent, const char *text, const char *extra1,
                            const char *extra2) {
  char cfg[96], out[96];
  snprintf(cfg, sizeof cfg, "%s/t.cfg", parent), snprintf(out, sizeof out, "%s/out", parent);
  FILE *f = fopen(cfg, "w");
  fputs(text, f);
  fclose(f);
  const char *args[] = {extra1 ? extra1 : "--config", extra1 ? extra2 : cfg, extra1 ? "--config" : "-o",
                        extra1 ? cfg : out, "-o", out, NULL};
  if (!extra1) args[4] = NULL;
  run_nmgen(r, NULL, args);
}

START_TEST(config_file_errors_name_file_and_line) {
  static const char *const cases[][2] = {
      {"rows = 4\n# c\nbogus = 1\n", "t.cfg:3: unknown key 'bogus'"},
      {"rows = 4\nrows = 5\n", "t.cfg:2: key 'rows' given twice"},
      {"\n\nrows 4\n", "t.cfg:3: expected 'key = value'"},
      {"mmax = 17\n", "t.cfg:1: key 'mmax': bad value '17' (allowed: an integer 2..16)"},
  };
  char parent[64], out[96];
  run_result *r = malloc(sizeof *r);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    scratch(parent, sizeof parent, out, sizeof out);
    run_with_config(r, parent, cases[i][0], NULL, NULL);
    ck_assert_msg(r->code == 2 && strstr(r->out, cases[i][1]), "case %zu: exit %d, want 2 and \"%s\": %s",
                  i, r->code, cases[i][1], r->out);
    ck_assert(!exists(out));
    rm_tree(parent);
  }
  free(r);
}
END_TEST

START_TEST(command_line_overrides_config_file_in_any_order) {
  char parent[64], out[96], hdr[128];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  /* --rows before --config: the file must not override it. */
  run_with_config(r, parent, "rows = 4   # comment\ncols=3\n", "--rows", "6");
  ck_assert_msg(r->code == 0, "exit %d: %s", r->code, r->out);
  snprintf(hdr, sizeof hdr, "%s/nm_config.h", out);
  char *h = read_file(hdr, NULL);
  ck_assert_msg(h && strstr(h, "#define NM_ROWS 6\n") && strstr(h, "#define NM_COLS 3\n"),
                "nm_config.h: %s", h ? h : "(missing)");
  free(h);
  rm_tree(parent);
  free(r);
}
END_TEST

static const char *const kOutputs[] = {"files.f", "nm_config.h", "manifest.json", "rtl/nm_fp32_add.v",
                                       "rtl/nm_fp16_mul.v", "rtl/nm_cvt32to16.v", "nmgen_deep.core",
                                       "constraints/deep.sdc", "constraints/deep.xdc",
                                       "constraints/deep.lpf", "constraints/deep.pcf", "regmap.md",
                                       "driver/nm_driver.h", "driver/nm_driver.c", "driver/example.c",
                                       "nm_top.rdl", "nm_top.xml", NULL};

START_TEST(same_inputs_give_byte_identical_output) {
  char p1[64], o1[96], p2[64], o2[96];
  run_result *r = malloc(sizeof *r);
  scratch(p1, sizeof p1, o1, sizeof o1), scratch(p2, sizeof p2, o2, sizeof o2);
  const char *a1[] = {"--config", "sim/configs/deep.cfg", "-o", o1, NULL};
  const char *a2[] = {"--config", "sim/configs/deep.cfg", "-o", o2, NULL};
  run_nmgen(r, NULL, a1);
  ck_assert_int_eq(r->code, 0);
  sleep(1); /* a timestamp would now differ */
  run_nmgen(r, NULL, a2);
  ck_assert_int_eq(r->code, 0);
  for (int i = 0; kOutputs[i]; i++) {
    char f1[160], f2[160];
    size_t n1, n2;
    snprintf(f1, sizeof f1, "%s/%s", o1, kOutputs[i]), snprintf(f2, sizeof f2, "%s/%s", o2, kOutputs[i]);
    char *b1 = read_file(f1, &n1), *b2 = read_file(f2, &n2);
    ck_assert_msg(b1 && b2 && n1 == n2 && memcmp(b1, b2, n1) == 0, "%s differs between two runs", kOutputs[i]);
    free(b1), free(b2);
  }
  rm_tree(p1), rm_tree(p2);
  free(r);
}
END_TEST

START_TEST(every_file_names_version_and_all_parameters) {
  char parent[64], out[96];
  key_row k[64];
  int nk = list_keys(k, 64);
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  const char *args[] = {"--config", "sim/configs/deep.cfg", "-o", out, NULL};
  run_nmgen(r, NULL, args);
  ck_assert_int_eq(r->code, 0);
  for (int i = 0; kOutputs[i]; i++) {
    char f[160];
    snprintf(f, sizeof f, "%s/%s", out, kOutputs[i]);
    char *b = read_file(f, NULL);
    ck_assert_msg(b != NULL, "%s missing", kOutputs[i]);
    if (strstr(kOutputs[i], ".json")) {
      ck_assert_msg(strstr(b, "\"version\": \"0.1.0\"") && strstr(b, "\"mmax\": 16"), "%s: %s", f, b);
      free(b);
      continue;
    }
    /* The header: the version on the first line, then every key=value. */
    char *params = strstr(b, "Parameters: name=deep rows=3 cols=5 mmax=16 dataflow=os ");
    const char *gen = strstr(b, "Generated by nmgen 0.1.0");
    ck_assert_msg(gen && gen - b < 16 && params && params - b < 200,
                  "%s lacks the header naming nmgen 0.1.0 and the parameters", kOutputs[i]);
    *strchr(params, '\n') = '\0';
    for (int j = 0; j < nk; j++) {
      char kv[40];
      snprintf(kv, sizeof kv, " %.32s=", k[j].name);
      ck_assert_msg(strstr(params, kv), "%s header lacks key %s: %s", kOutputs[i], k[j].name, params);
    }
    free(b);
  }
  rm_tree(parent);
  free(r);
}
END_TEST

/* Each needle must occur in DIR/rel. */
static void expect_in_file(const char *dir, const char *rel, const char *const *needles) {
  char f[200];
  snprintf(f, sizeof f, "%s/%s", dir, rel);
  char *b = read_file(f, NULL);
  ck_assert_msg(b != NULL, "%s missing", f);
  for (int i = 0; needles[i]; i++) ck_assert_msg(strstr(b, needles[i]), "%s lacks \"%s\"", f, needles[i]);
  free(b);
}

START_TEST(constraints_carry_the_clock_and_the_core_lists_every_rtl_file) {
  char parent[64], out[96];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  const char *args[] = {"--config", "sim/configs/deep.cfg", "--clock_mhz", "300", "--io_delay_pct", "25",
                        "-o", out, NULL};
  run_nmgen(r, NULL, args);
  ck_assert_int_eq(r->code, 0);
  /* 300 MHz: 3.333 ns (whole picoseconds), 25 % of it 0.833 ns. */
  const char *sdc[] = {"set clk_period   3.333\n", "set io_delay     0.833\n",
                       "create_clock -name $clk_name -period $clk_period $clk_port",
                       "set_false_path -from [get_ports rst_ni]", NULL};
  const char *xdc[] = {"create_clock -name core_clock -period 3.333 [get_ports clk_i]",
                       "set_input_delay  -clock core_clock 0.833", "set_output_delay -clock core_clock 0.833",
                       NULL};
  const char *lpf[] = {"\nFREQUENCY PORT \"clk_i\" 300 MHZ;\n", NULL};
  const char *pcf[] = {"\nset_frequency clk_i 300\n", NULL};
  expect_in_file(out, "constraints/deep.sdc", sdc);
  expect_in_file(out, "constraints/deep.xdc", xdc);
  expect_in_file(out, "constraints/deep.lpf", lpf);
  expect_in_file(out, "constraints/deep.pcf", pcf);
  /* The core: CAPI2 first, then every file of files.f in the rtl fileset. */
  const char *capi[] = {"CAPI=2:\n", "name: nmgen:accel:deep:0.1.0\n", "toplevel: ", NULL};
  expect_in_file(out, "nmgen_deep.core", capi);
  char f[200], line[2048];
  snprintf(f, sizeof f, "%s/files.f", out);
  FILE *fl = fopen(f, "r");
  ck_assert_msg(fl != NULL, "%s missing", f);
  int files = 0;
  while (fgets(line, sizeof line, fl)) {
    if (strncmp(line, "rtl/", 4) != 0) continue; /* the header */
    char entry[sizeof line + 16];
    snprintf(entry, sizeof entry, "      - %s", line);
    const char *one[] = {entry, NULL};
    expect_in_file(out, "nmgen_deep.core", one);
    files++;
  }
  fclose(fl);
  ck_assert_msg(files >= 5, "files.f lists only %d files", files);
  rm_tree(parent);
  free(r);
}
END_TEST

/* Value of "#define NAME <number>" in text, or -1 when absent. */
/* The port list of `module NAME #(` in DIR/rel (up to the ");" line), or NULL; free it. */
static char *port_list(const char *dir, const char *rel, const char *module_line) {
  char f[200];
  snprintf(f, sizeof f, "%s/%s", dir, rel);
  char *b = read_file(f, NULL);
  ck_assert_msg(b != NULL, "%s missing", f);
  char *m = strstr(b, module_line), *end = m ? strstr(m, "\n);\n") : NULL;
  ck_assert_msg(end != NULL, "%s: no \"%s\" ... \");\"", f, module_line);
  end[1] = '\0';
  memmove(b, m, (size_t)(end + 2 - m));
  return b;
}

/* How often needle occurs in text. */
static int occurrences(const char *text, const char *needle) {
  int n = 0;
  for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle)) n++;
  return n;
}

/*
** The product's top has no harness backdoor (issue 16): nm_top's ports
** name no hb_*, the simulation wrapper nm_top_sim's do; the core's rtl
** fileset (what synthesis reads) leaves nm_top_sim out, the sim fileset
** holds it, and only the sim target's toplevel is the wrapper.
*/
START_TEST(nm_top_has_no_backdoor_and_the_wrapper_is_sim_only) {
  char parent[64], out[96];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  const char *args[] = {"--config", "sim/configs/tiny.cfg", "-o", out, NULL};
  run_nmgen(r, NULL, args);
  ck_assert_int_eq(r->code, 0);
  char *top = port_list(out, "rtl/nm_top.v", "module nm_top #(");
  ck_assert_msg(strstr(top, "hb_") == NULL, "nm_top's ports have the backdoor: %s", strstr(top, "hb_"));
  ck_assert_msg(strstr(top, "output wire         irq_o") != NULL, "nm_top lacks irq_o");
  char *sim = port_list(out, "rtl/nm_top_sim.v", "module nm_top_sim #(");
  const char *hb[] = {"input  wire         hb_we_i,", "input  wire         hb_re_i,", "hb_region_i,",
                      "hb_bank_i,", "hb_addr_i,", "input  wire [255:0] hb_wdata_i,",
                      "output wire [255:0] hb_rdata_o\n", NULL};
  for (int i = 0; hb[i]; i++) ck_assert_msg(strstr(sim, hb[i]) != NULL, "nm_top_sim lacks \"%s\"", hb[i]);
  /* nm_top_sim has every port of nm_top, in order, before the backdoor. */
  char *ports = strstr(top, ") (\n");
  ck_assert(ports != NULL);
  ports[strlen(ports) - 1] = '\0'; /* drop the last port's newline: the wrapper's has a comma */
  ck_assert_msg(strstr(sim, ports) != NULL, "nm_top_sim's ports do not start with nm_top's");
  free(top);
  free(sim);
  char f[200];
  snprintf(f, sizeof f, "%s/nmgen_tiny.core", out);
  char *core = read_file(f, NULL);
  ck_assert_msg(core != NULL, "%s missing", f);
  char *rtl = strstr(core, "\n  rtl:\n"), *simset = strstr(core, "\n  sim:\n    file_type: verilogSource\n"
                                                                    "    files:\n      - rtl/nm_top_sim.v\n");
  ck_assert_msg(rtl != NULL && simset != NULL && rtl < simset, "%s: no rtl fileset, then the sim one", f);
  ck_assert_int_eq(occurrences(core, "nm_top_sim"), 2); /* the sim fileset's file, the sim target's top */
  ck_assert_int_eq(occurrences(core, "toplevel: nm_top\n"), 2); /* default (and lint), synth */
  ck_assert_msg(strstr(core, "    filesets: [rtl, sim]\n    toplevel: nm_top_sim\n") != NULL, "%s: sim target", f);
  ck_assert_msg(strstr(core, "    filesets: [rtl, xdc]\n    toplevel: nm_top\n") != NULL, "%s: synth target", f);
  free(core);
  rm_tree(parent);
  free(r);
}
END_TEST

static long define_value(const char *text, const char *name) {
  char needle[128];
  snprintf(needle, sizeof needle, "#define %s ", name);
  const char *at = strstr(text, needle);
  return at ? strtol(at + strlen(needle), NULL, 0) : -1;
}

/* Generates with ARGS (NULL-terminated, no -o) into a fresh scratch
** directory under PARENT and reads its nm_config.h and regmap.md; the caller
** frees both and removes PARENT. */
/* *axil (if axil): the generated rtl/nm_top_axil.v, whose decoder localparams
** come from the same table. */
static void gen_regmap(const char *const *args, char *parent, size_t len, char **h, char **md,
                       char **axil) {
  char out[96], f[160];
  const char *argv[16];
  int n = 0;
  run_result *r = malloc(sizeof *r);
  scratch(parent, len, out, sizeof out);
  while (args[n] != NULL && n < 13) argv[n] = args[n], n++;
  argv[n] = "-o", argv[n + 1] = out, argv[n + 2] = NULL;
  run_nmgen(r, NULL, argv);
  ck_assert_int_eq(r->code, 0);
  free(r);
  snprintf(f, sizeof f, "%s/nm_config.h", out);
  *h = read_file(f, NULL);
  snprintf(f, sizeof f, "%s/regmap.md", out);
  *md = read_file(f, NULL);
  ck_assert(*h != NULL && *md != NULL);
  if (axil) {
    snprintf(f, sizeof f, "%s/rtl/nm_top_axil.v", out);
    *axil = read_file(f, NULL);
    ck_assert(*axil != NULL);
  }
}

/* The register map nm_config.h publishes: region shapes follow the
** parameters, registers are word-aligned and distinct, every command's ARG
** fields fit in 32 bits without overlapping, and regmap.md lists the same. */
START_TEST(register_map_is_consistent_and_follows_the_parameters) {
  char parent[64], *h, *md, *axil;
  const char *args[] = {"--config", "sim/configs/deep.cfg", "--sore_buf_depth", "512", NULL};
  gen_regmap(args, parent, sizeof parent, &h, &md, &axil);
  /* deep: 3 x 5, MMAX 16, 1 SORE lane, 3 WUVE lanes, A depth 512. */
  ck_assert_int_eq(define_value(h, "NM_REGION_STCE_A_BANKS"), 3);
  ck_assert_int_eq(define_value(h, "NM_REGION_STCE_A_DEPTH"), 512);
  ck_assert_int_eq(define_value(h, "NM_REGION_STCE_B_BANKS"), 5);
  ck_assert_int_eq(define_value(h, "NM_REGION_STCE_B_BITS"), 256);
  ck_assert_int_eq(define_value(h, "NM_REGION_SORE_IN_BANKS"), 1);
  ck_assert_int_eq(define_value(h, "NM_REGION_SORE_IN_DEPTH"), 512);
  ck_assert_int_eq(define_value(h, "NM_REGION_SORE_IDX_BITS"), 64);
  ck_assert_int_eq(define_value(h, "NM_REGION_WUVE_G_BANKS"), 3);
  long regions = define_value(h, "NM_REGION_COUNT");
  ck_assert_msg(regions >= 18 && regions <= 31, "%ld regions do not fit addr[31:27]", regions);
  /* Registers: word-aligned, inside region 0's 4 KiB, pairwise distinct,
  ** each listed in regmap.md, in the NM_REGISTERS X-macro and among the
  ** decoder's localparams (word offset) at its offset. */
  long offs[128];
  int n = 0;
  for (const char *at = h; (at = strstr(at, "#define NM_REG_")) != NULL; at++) {
    char name[64], row[96];
    long off;
    ck_assert(sscanf(at, "#define NM_REG_%63s %li", name, &off) == 2);
    ck_assert_msg(off % 4 == 0 && off < 4096, "NM_REG_%s = %ld", name, off);
    for (int i = 0; i < n; i++) ck_assert_msg(offs[i] != off, "NM_REG_%s reuses offset %ld", name, off);
    ck_assert(n < 128);
    offs[n++] = off;
    snprintf(row, sizeof row, "| 0x%03lX | %s |", off, name);
    ck_assert_msg(strstr(md, row) != NULL, "regmap.md lacks row \"%s\"", row);
    snprintf(row, sizeof row, "  X(%s, 0x%03lXu, R", name, off);
    ck_assert_msg(strstr(h, row) != NULL, "NM_REGISTERS lacks \"%s\"", row);
    snprintf(row, sizeof row, "localparam [9:0] REG_%s = 10'h%03lX;", name, off / 4);
    ck_assert_msg(strstr(axil, row) != NULL, "nm_top_axil.v lacks \"%s\"", row);
  }
  ck_assert_msg(n >= 30, "only %d registers", n);
  ck_assert_int_eq(define_value(h, "NM_REGISTER_COUNT"), n);
  /* Command fields: per op and ARG register, disjoint bit ranges. */
  const char *ops[] = {"GEMM", "PRUNE", "UPDATE", "ANT"};
  for (int o = 0; o < 4; o++) {
    unsigned long long used[5] = {0};
    char prefix[32];
    int fields = 0;
    snprintf(prefix, sizeof prefix, "#define NM_%s_", ops[o]);
    for (const char *at = h; (at = strstr(at, prefix)) != NULL; at++) {
      char name[64], macro[96];
      const char *rest = at + strlen(prefix);
      if (sscanf(rest, "%63[A-Z0-9]", name) != 1 || strncmp(rest + strlen(name), "_ARG ", 5)) continue;
      snprintf(macro, sizeof macro, "NM_%s_%s_ARG", ops[o], name);
      long arg = define_value(h, macro);
      if (arg < 0) continue;
      snprintf(macro, sizeof macro, "NM_%s_%s_LSB", ops[o], name);
      long lsb = define_value(h, macro);
      snprintf(macro, sizeof macro, "NM_%s_%s_WIDTH", ops[o], name);
      long width = define_value(h, macro);
      ck_assert_msg(arg <= 4 && lsb >= 0 && width >= 1 && lsb + width <= 32, "%s.%s", ops[o], name);
      unsigned long long bits = ((1ull << width) - 1) << lsb;
      ck_assert_msg((used[arg] & bits) == 0, "%s.%s overlaps another field of ARG%ld", ops[o], name, arg);
      used[arg] |= bits;
      fields++;
    }
    ck_assert_msg(fields >= 4, "%s has %d fields", ops[o], fields);
  }
  free(h);
  free(md);
  free(axil);
  rm_tree(parent);
}
END_TEST

/* STCE_B has max(R, C) banks: C on square and wide arrays (deep, above),
** R on tall ones (the skewed B layout); A stays R, C stays C. */
START_TEST(stce_b_region_has_max_rows_cols_banks) {
  char parent[64], *h, *md;
  const char *args[] = {"--rows", "5", "--cols", "3", NULL};
  gen_regmap(args, parent, sizeof parent, &h, &md, NULL);
  ck_assert_int_eq(define_value(h, "NM_REGION_STCE_A_BANKS"), 5);
  ck_assert_int_eq(define_value(h, "NM_REGION_STCE_B_BANKS"), 5);
  ck_assert_int_eq(define_value(h, "NM_REGION_STCE_C_BANKS"), 3);
  ck_assert_msg(strstr(md, "| 2 | STCE_B | 5 |") != NULL, "regmap.md: STCE_B is not listed with 5 banks");
  free(h);
  free(md);
  rm_tree(parent);
}
END_TEST

START_TEST(failure_at_any_file_leaves_no_partial_output) {
  char parent[64], out[96], fault[16], probe[160];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  const char *args[] = {"--rows", "3", "-o", out, NULL};
  /* First a fresh DIR: every injected failure must leave no DIR at all. */
  for (int k = 0; k < 4; k++) {
    snprintf(fault, sizeof fault, "%d", k);
    run_nmgen(r, fault, args);
    ck_assert_msg(r->code == 2 && strstr(r->out, "injected failure"), "fault %d: exit %d: %s", k, r->code, r->out);
    ck_assert_msg(!exists(out) && leftovers(parent) == 0, "fault %d left files in %s", k, parent);
  }
  /* Then over an earlier output: a failed run must leave it untouched. */
  const char *good[] = {"--rows", "5", "-o", out, NULL};
  run_nmgen(r, NULL, good);
  ck_assert_int_eq(r->code, 0);
  for (int k = 0; k < 4; k++) {
    snprintf(fault, sizeof fault, "%d", k);
    run_nmgen(r, fault, args);
    ck_assert_int_eq(r->code, 2);
    snprintf(probe, sizeof probe, "%s/nm_config.h", out);
    char *h = read_file(probe, NULL);
    ck_assert_msg(h && strstr(h, "#define NM_ROWS 5\n"), "fault %d changed the earlier output", k);
    free(h);
    ck_assert_msg(leftovers(parent) == 0, "fault %d left temporaries in %s", k, parent);
  }
  /* And a successful run replaces it completely. */
  run_nmgen(r, NULL, args);
  ck_assert_int_eq(r->code, 0);
  char *h = read_file(probe, NULL);
  ck_assert_msg(h && strstr(h, "#define NM_ROWS 3\n"), "regeneration did not replace the output");
  free(h);
  ck_assert_int_eq(leftovers(parent), 0);
  rm_tree(parent);
  free(r);
}
END_TEST

START_TEST(refuses_to_replace_a_directory_it_did_not_make) {
  char parent[64], out[96], keep[160];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  mkdir(out, 0777);
  snprintf(keep, sizeof keep, "%s/precious.txt", out);
  FILE *f = fopen(keep, "w");
  fputs("user data\n", f);
  fclose(f);
  const char *args[] = {"-o", out, NULL};
  run_nmgen(r, NULL, args);
  ck_assert_msg(r->code == 2 && strstr(r->out, "not an nmgen output"), "exit %d: %s", r->code, r->out);
  ck_assert_msg(exists(keep), "user file deleted");
  rm_tree(parent);
  free(r);
}
END_TEST

/* --- output-directory ownership, locking and recovery ------------------- */

/* Write n bytes to path. */
static void put_file(const char *path, const char *text, size_t n) {
  FILE *f = fopen(path, "wb");
  ck_assert_msg(f != NULL, "cannot write %s", path);
  ck_assert(fwrite(text, 1, n, f) == n);
  fclose(f);
}

/* Start nmgen in the background (output to /dev/null); stall = NMGEN_TEST_STALL or NULL. */
static pid_t spawn_nmgen(const char *stall, const char *const *args) {
  const char *argv[64] = {nmgen_path()};
  int n = 1;
  for (; args[n - 1] && n < 63; n++) argv[n] = args[n - 1];
  argv[n] = NULL;
  pid_t pid = fork();
  ck_assert_msg(pid >= 0, "fork failed");
  if (pid == 0) {
    int fd = open("/dev/null", O_WRONLY);
    dup2(fd, 1), dup2(fd, 2);
    unsetenv("NMGEN_FAULT_AFTER_FILES");
    if (stall) setenv("NMGEN_TEST_STALL", stall, 1);
    else unsetenv("NMGEN_TEST_STALL");
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  return pid;
}

/* Sleep ms milliseconds. */
static void nap_ms(long ms) {
  struct timespec t = {ms / 1000, ms % 1000 * 1000000L};
  nanosleep(&t, NULL);
}

/* Exit code of pid, or -1 if it did not exit normally. */
static int wait_code(pid_t pid) {
  int st;
  ck_assert(waitpid(pid, &st, 0) == pid);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Entries of dir whose name starts with prefix. */
static int count_prefixed(const char *dir, const char *prefix) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    if (!strncmp(e->d_name, prefix, strlen(prefix))) n++;
  if (d) closedir(d);
  return n;
}

/* NM_ROWS of DIR/nm_config.h, or -1. */
static long rows_of(const char *out) {
  char f[160];
  snprintf(f, sizeof f, "%s/nm_config.h", out);
  char *h = read_file(f, NULL);
  long rows = h ? define_value(h, "NM_ROWS") : -1;
  free(h);
  return rows;
}

START_TEST(a_foreign_manifest_json_is_not_an_nmgen_output) {
  char parent[64], out[96], f[160];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  mkdir(out, 0777);
  snprintf(f, sizeof f, "%s/manifest.json", out), put_file(f, "{}\n", 3);
  snprintf(f, sizeof f, "%s/bg.js", out), put_file(f, "x\n", 2);
  const char *args[] = {"-o", out, NULL};
  run_nmgen(r, NULL, args);
  ck_assert_msg(r->code == 2 && strstr(r->out, "not an nmgen output"), "exit %d: %s", r->code, r->out);
  ck_assert_msg(exists(f), "bg.js deleted");
  ck_assert_int_eq(leftovers(parent), 0);
  rm_tree(parent);
  free(r);
}
END_TEST

/* nmgen's own output plus one file of the user's: refused, nothing touched. */
START_TEST(an_nmgen_output_with_a_foreign_file_is_left_alone) {
  /* The file added, and what the message names (a foreign directory as a whole). */
  static const char *const foreign[][2] = {{"notes.txt", "'notes.txt'"}, {"rtl/mine.v", "'rtl/mine.v'"},
                                           {"extra/x", "'extra'"}, {"driver/my_hal.c", "'driver/my_hal.c'"}};
  char parent[64], out[96], f[160], sub[160];
  run_result *r = malloc(sizeof *r);
  for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++) {
    scratch(parent, sizeof parent, out, sizeof out);
    const char *good[] = {"--rows", "5", "-o", out, NULL};
    run_nmgen(r, NULL, good);
    ck_assert_int_eq(r->code, 0);
    snprintf(f, sizeof f, "%s/%s", out, foreign[i][0]);
    snprintf(sub, sizeof sub, "%s", f);
    *strrchr(sub, '/') = '\0';
    mkdir(sub, 0777);
    put_file(f, "mine\n", 5);
    const char *args[] = {"--rows", "3", "-o", out, NULL};
    run_nmgen(r, NULL, args);
    ck_assert_msg(r->code == 2 && strstr(r->out, "not written by nmgen") && strstr(r->out, foreign[i][1]),
                  "%s: exit %d: %s", foreign[i][0], r->code, r->out);
    ck_assert_msg(exists(f) && rows_of(out) == 5, "%s: the output was touched", foreign[i][0]);
    ck_assert_int_eq(leftovers(parent), 0);
    rm_tree(parent);
  }
  free(r);
}
END_TEST

/* Pairs of concurrent runs on one -o: each must succeed, and only DIR remain. */
START_TEST(concurrent_runs_on_one_output_serialise) {
  char parent[64], out[96];
  int failed = 0, dirty = 0;
  for (int pair = 0; pair < 20; pair++) {
    scratch(parent, sizeof parent, out, sizeof out);
    const char *a[] = {"--rows", "3", "-o", out, NULL}, *b[] = {"--rows", "5", "-o", out, NULL};
    if (pair % 2) { /* half the pairs over an earlier output */
      pid_t p = spawn_nmgen(NULL, a);
      ck_assert_int_eq(wait_code(p), 0);
    }
    pid_t p1 = spawn_nmgen(NULL, a), p2 = spawn_nmgen(NULL, b);
    int c1 = wait_code(p1), c2 = wait_code(p2);
    failed += (c1 != 0) + (c2 != 0);
    long rows = rows_of(out);
    dirty += leftovers(parent) != 0 || (rows != 3 && rows != 5);
    rm_tree(parent);
  }
  ck_assert_msg(failed == 0 && dirty == 0, "40 concurrent runs: %d failed, %d of 20 pairs left a bad state",
                failed, dirty);
}
END_TEST

/* kill -9 after the old output was moved aside (or mid-write): DIR may be
** missing; the next run must restore or replace it and remove the leftovers. */
START_TEST(a_later_run_recovers_after_kill_9) {
  static const char *const stalls[] = {"aside", "write"};
  char parent[64], out[96];
  run_result *r = malloc(sizeof *r);
  for (int s = 0; s < 2; s++) {
    scratch(parent, sizeof parent, out, sizeof out);
    const char *good[] = {"--rows", "5", "-o", out, NULL}, *next[] = {"--rows", "3", "-o", out, NULL};
    run_nmgen(r, NULL, good);
    ck_assert_int_eq(r->code, 0);
    pid_t p = spawn_nmgen(stalls[s], next);
    const char *mark = s == 0 ? "out.nmgen-old-" : "out.nmgen-tmp-";
    int waited = 0;
    while (count_prefixed(parent, mark) == 0 && waited++ < 500) nap_ms(10);
    nap_ms(50);
    kill(p, SIGKILL);
    ck_assert_int_eq(wait_code(p), -1);
    ck_assert_msg(count_prefixed(parent, mark) == 1, "%s: no %s* while stalled", stalls[s], mark);
    if (s == 0) ck_assert_msg(!exists(out), "the stall was not between move-aside and rename");
    /* A failing run must still bring back the previous output ... */
    run_nmgen(r, "0", next);
    ck_assert_int_eq(r->code, 2);
    ck_assert_msg(rows_of(out) == 5 && leftovers(parent) == 0, "%s: previous output not recovered: %s",
                  stalls[s], r->out);
    /* ... and a good one replace it. */
    run_nmgen(r, NULL, next);
    ck_assert_int_eq(r->code, 0);
    ck_assert_msg(rows_of(out) == 3 && leftovers(parent) == 0, "%s: leftovers after recovery", stalls[s]);
    rm_tree(parent);
  }
  free(r);
}
END_TEST

/* The state a crash leaves, made by hand: DIR gone, its old copy and a
** partial temporary beside it.  The next run restores, then replaces. */
START_TEST(leftovers_of_a_crashed_run_are_recovered) {
  char parent[64], out[96], old[128], tmp[128], f[192];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  const char *good[] = {"--rows", "5", "-o", out, NULL};
  run_nmgen(r, NULL, good);
  ck_assert_int_eq(r->code, 0);
  snprintf(old, sizeof old, "%s.nmgen-old-Ab12Cd", out);
  snprintf(tmp, sizeof tmp, "%s.nmgen-tmp-Ef34Gh", out);
  ck_assert(rename(out, old) == 0);
  ck_assert(mkdir(tmp, 0700) == 0);
  snprintf(f, sizeof f, "%s/files.f", tmp), put_file(f, "// Generated by nmgen\n", 22);
  const char *ask[] = {"--rows", "4", "-o", out, NULL};
  run_nmgen(r, "0", ask); /* fails before writing: DIR must be the old output again */
  ck_assert_int_eq(r->code, 2);
  ck_assert_msg(rows_of(out) == 5 && leftovers(parent) == 0, "not recovered: %s", r->out);
  run_nmgen(r, NULL, ask);
  ck_assert_int_eq(r->code, 0);
  ck_assert(rows_of(out) == 4 && leftovers(parent) == 0);
  rm_tree(parent);
  free(r);
}
END_TEST

/* SIGTERM (and INT, HUP) mid-run: own temporary removed, old output back. */
START_TEST(a_signal_mid_run_cleans_up) {
  static const char *const stalls[] = {"write", "aside"};
  static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
  char parent[64], out[96];
  run_result *r = malloc(sizeof *r);
  for (int s = 0; s < 2; s++)
    for (int g = 0; g < 3; g++) {
      scratch(parent, sizeof parent, out, sizeof out);
      const char *good[] = {"--rows", "5", "-o", out, NULL}, *next[] = {"--rows", "3", "-o", out, NULL};
      run_nmgen(r, NULL, good);
      ck_assert_int_eq(r->code, 0);
      pid_t p = spawn_nmgen(stalls[s], next);
      const char *mark = s == 1 ? "out.nmgen-old-" : "out.nmgen-tmp-";
      int waited = 0;
      while (count_prefixed(parent, mark) == 0 && waited++ < 500) nap_ms(10);
      nap_ms(50);
      kill(p, sigs[g]);
      int st;
      ck_assert(waitpid(p, &st, 0) == p);
      ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == sigs[g], "%s/%d: not ended by the signal", stalls[s], sigs[g]);
      ck_assert_msg(rows_of(out) == 5 && leftovers(parent) == 0, "%s/%d: not cleaned up", stalls[s], sigs[g]);
      rm_tree(parent);
    }
  free(r);
}
END_TEST

/* --- error lines: long values, odd bytes, NUL, BOM ------------------------ */

/* No control character (other than the final newline) and no byte >= 0x80
** except in the ellipsis nmgen itself prints. */
static void expect_clean_line(const char *what, const char *msg) {
  for (const unsigned char *s = (const unsigned char *)msg; *s; s++) {
    if (!strncmp((const char *)s, "\xe2\x80\xa6", 3)) { s += 2; continue; }
    ck_assert_msg((*s >= 0x20 && *s < 0x7f) || (*s == '\n' && !s[1]), "%s: raw byte 0x%02x in: %s", what, *s, msg);
  }
}

START_TEST(long_values_are_shortened_and_keep_the_allowed_range) {
  char parent[64], out[96], big[1600], line[1700], want[1700];
  run_result *r = malloc(sizeof *r);
  memset(big, '7', 1500), big[1500] = '\0';
  scratch(parent, sizeof parent, out, sizeof out);
  const char *args[] = {"--rows", big, "-o", out, NULL};
  run_nmgen(r, NULL, args);
  ck_assert_msg(r->code == 2 && strstr(r->out, "key 'rows': bad value '7777") &&
                    strstr(r->out, "\xe2\x80\xa6' (1500 chars) (allowed: an integer 1..64)"),
                "exit %d: %s", r->code, r->out);
  ck_assert_msg(strlen(r->out) < 300, "message of %zu characters", strlen(r->out));
  expect_clean_line("--rows", r->out);
  /* The same in a config file, and for an unknown key on the command line. */
  snprintf(line, sizeof line, "mmax = %s\n", big);
  run_with_config(r, parent, line, NULL, NULL);
  ck_assert_msg(r->code == 2 && strstr(r->out, "t.cfg:1: key 'mmax': bad value '7777") &&
                    strstr(r->out, "(1500 chars) (allowed: an integer 2..16)"), "cfg: %s", r->out);
  snprintf(want, sizeof want, "--%s", big);
  const char *unk[] = {want, "1", "-o", out, NULL};
  run_nmgen(r, NULL, unk);
  ck_assert_msg(r->code == 2 && strstr(r->out, "unknown key '7777") && strstr(r->out, "(1500 chars)") &&
                    strlen(r->out) < 300, "unknown key: %s", r->out);
  ck_assert(!exists(out));
  rm_tree(parent);
  free(r);
}
END_TEST

START_TEST(control_and_non_utf8_bytes_are_escaped) {
  static const char *const cases[][2] = {
      {"a\x07" "b", "'a\\x07b'"}, {"\x1b[2J", "'\\x1b[2J'"}, {"x\xff", "'x\\xff'"},
      {"\xc3\x28", "'\\xc3('"}, {"\xe2\x80\xae" "evil", "'\\xe2\\x80\\xaeevil'"},
      {"tab\there", "'tab\\x09here'"},
  };
  char parent[64], out[96], line[128];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *args[] = {"--dataflow", cases[i][0], "-o", out, NULL};
    run_nmgen(r, NULL, args);
    ck_assert_msg(r->code == 2 && strstr(r->out, cases[i][1]) && strstr(r->out, "(allowed: one of os|ws|both)"),
                  "case %zu: exit %d, want %s: %s", i, r->code, cases[i][1], r->out);
    expect_clean_line("--dataflow", r->out);
    snprintf(line, sizeof line, "name = %s\n", cases[i][0]);
    run_with_config(r, parent, line, NULL, NULL);
    ck_assert_msg(r->code == 2 && strstr(r->out, "t.cfg:1: key 'name'"), "cfg case %zu: %s", i, r->out);
    expect_clean_line("config", r->out);
  }
  ck_assert(!exists(out));
  rm_tree(parent);
  free(r);
}
END_TEST

START_TEST(nul_bytes_and_a_bom_in_a_config_file) {
  char parent[64], out[96], cfg[128];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  snprintf(cfg, sizeof cfg, "%s/t.cfg", parent);
  const char *args[] = {"--config", cfg, "-o", out, NULL};
  static const char nul[] = "rows = 4\n# ok\ncols\0 = 3\n";
  put_file(cfg, nul, sizeof nul - 1);
  run_nmgen(r, NULL, args);
  ck_assert_msg(r->code == 2 && strstr(r->out, "t.cfg:3: NUL byte in the config file"), "NUL: %s", r->out);
  ck_assert(!exists(out));
  /* A UTF-8 BOM at the start is skipped (editors on Windows write one) ... */
  static const char bom[] = "\xef\xbb\xbfrows = 4\n";
  put_file(cfg, bom, sizeof bom - 1);
  run_nmgen(r, NULL, args);
  ck_assert_msg(r->code == 0 && rows_of(out) == 4, "BOM: exit %d: %s", r->code, r->out);
  rm_tree(out);
  /* ... anywhere else it is an odd byte sequence, escaped. */
  static const char bom2[] = "rows = 4\n\xef\xbb\xbf" "cols = 3\n";
  put_file(cfg, bom2, sizeof bom2 - 1);
  run_nmgen(r, NULL, args);
  ck_assert_msg(r->code == 2 && strstr(r->out, "t.cfg:2: unknown key '\\xef\\xbb\\xbfcols'"), "BOM2: %s", r->out);
  ck_assert(!exists(out));
  rm_tree(parent);
  free(r);
}
END_TEST

/* --- sim/configs/<x>.cfg must say name = x: refused before any build ------ */

START_TEST(a_config_named_unlike_its_file_is_refused_at_once) {
  char parent[64], out[96], cfg[128], want[256];
  run_result *r = malloc(sizeof *r);
  scratch(parent, sizeof parent, out, sizeof out);
  snprintf(cfg, sizeof cfg, "%s/x.cfg", parent);
  put_file(cfg, "name = y\nrows = 2\n", 18);
  const char *args[] = {"--config", cfg, "--expect-name", "x", "-o", out, NULL};
  run_nmgen(r, NULL, args);
  snprintf(want, sizeof want, "%s: name = y, but the file is x.cfg; rename one", cfg);
  ck_assert_msg(r->code == 2 && strstr(r->out, want), "exit %d: %s", r->code, r->out);
  ck_assert(!exists(out));
  put_file(cfg, "name = x\nrows = 2\n", 18);
  run_nmgen(r, NULL, args);
  ck_assert_msg(r->code == 0 && exists(out), "exit %d: %s", r->code, r->out);
  /* And the build rule for build/<cfg>/gen passes the file's name. */
  FILE *mk = popen("make -n --no-print-directory BUILD=/nonexistent-h2 /nonexistent-h2/tiny/gen/manifest.json 2>&1", "r");
  ck_assert(mk != NULL);
  size_t got = fread(r->out, 1, OUT_MAX - 1, mk);
  r->out[got] = '\0';
  pclose(mk);
  ck_assert_msg(strstr(r->out, "--config sim/configs/tiny.cfg --expect-name tiny "),
                "the build/<cfg>/gen rule does not pass --expect-name <cfg>: %s", r->out);
  rm_tree(parent);
  free(r);
}
END_TEST

/* --- template expansion, linked directly -------------------------------- */

static int expand(const char *text, char *out, size_t outlen, char *err, size_t errlen) {
  tpl_dict d = {0};
  strbuf b = {0};
  tpl_dict_set(&d, "ROWS", "8");
  tpl_dict_set(&d, "HEADER", "// h");
  int rc = tpl_expand(&d, "t.vt", text, &b, err, errlen);
  snprintf(out, outlen, "%s", b.data ? b.data : "");
  sb_free(&b);
  tpl_dict_free(&d);
  return rc;
}

START_TEST(template_substitutes_known_and_rejects_unknown_placeholders) {
  char out[256], err[256];
  ck_assert_int_eq(expand("${HEADER}\nR=${ROWS}$ $display {x} $", out, sizeof out, err, sizeof err), 0);
  ck_assert_str_eq(out, "// h\nR=8$ $display {x} $");
  ck_assert_int_eq(expand("a\nb ${ROWZ}", out, sizeof out, err, sizeof err), -1);
  ck_assert_msg(strstr(err, "t.vt:2: unknown placeholder ${ROWZ}"), "%s", err);
  ck_assert_int_eq(expand("${rows}", out, sizeof out, err, sizeof err), -1);
  ck_assert_msg(strstr(err, "t.vt:1: malformed placeholder"), "%s", err);
  ck_assert_int_eq(expand("x ${ROWS", out, sizeof out, err, sizeof err), -1);
  ck_assert_int_eq(expand("${}", out, sizeof out, err, sizeof err), -1);
}
END_TEST

/* --- the repository stays consistent with the generator ------------------ */

START_TEST(readme_key_table_is_the_help_table) {
  run_result *r = malloc(sizeof *r);
  const char *args[] = {"--help-markdown", NULL};
  run_nmgen(r, NULL, args);
  ck_assert_int_eq(r->code, 0);
  char *readme = read_file("README.md", NULL);
  ck_assert_msg(readme != NULL, "README.md not found (run from the repository root)");
  const char *begin = strstr(readme, "<!-- keys:begin -->\n"), *end = strstr(readme, "<!-- keys:end -->");
  ck_assert_msg(begin && end, "README.md lacks the <!-- keys:begin/end --> markers");
  begin += strlen("<!-- keys:begin -->\n");
  ck_assert_msg((size_t)(end - begin) == strlen(r->out) && !memcmp(begin, r->out, strlen(r->out)),
                "README.md key table is stale: replace it with the output of `build/nmgen --help-markdown`");
  free(readme);
  free(r);
}
END_TEST

START_TEST(each_sim_config_is_named_after_its_file) {
  DIR *d = opendir("sim/configs");
  ck_assert(d != NULL);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 4, ".cfg")) continue;
    char path[300], want[300];
    snprintf(path, sizeof path, "sim/configs/%s", e->d_name);
    snprintf(want, sizeof want, "\nname       = %.*s\n", (int)(len - 4), e->d_name);
    char *t = read_file(path, NULL);
    ck_assert_msg(t && strstr(t, want), "%s must set name = %.*s (build/<name> follows it)", path,
                  (int)(len - 4), e->d_name);
    free(t);
    n++;
  }
  closedir(d);
  ck_assert_int_ge(n, 3);
}
END_TEST

static Suite *nmgen_suite(void) {
  const TTest *tests[] = {every_key_accepts_its_edges_and_refuses_one_past,
                          bad_usage_exits_2_with_one_line, config_file_errors_name_file_and_line,
                          command_line_overrides_config_file_in_any_order,
                          same_inputs_give_byte_identical_output,
                          every_file_names_version_and_all_parameters,
                          constraints_carry_the_clock_and_the_core_lists_every_rtl_file,
                          nm_top_has_no_backdoor_and_the_wrapper_is_sim_only,
                          register_map_is_consistent_and_follows_the_parameters,
                          stce_b_region_has_max_rows_cols_banks,
                          failure_at_any_file_leaves_no_partial_output,
                          refuses_to_replace_a_directory_it_did_not_make,
                          a_foreign_manifest_json_is_not_an_nmgen_output,
                          an_nmgen_output_with_a_foreign_file_is_left_alone,
                          concurrent_runs_on_one_output_serialise,
                          a_later_run_recovers_after_kill_9,
                          leftovers_of_a_crashed_run_are_recovered, a_signal_mid_run_cleans_up,
                          long_values_are_shortened_and_keep_the_allowed_range,
                          control_and_non_utf8_bytes_are_escaped,
                          nul_bytes_and_a_bom_in_a_config_file,
                          a_config_named_unlike_its_file_is_refused_at_once,
                          template_substitutes_known_and_rejects_unknown_placeholders,
                          readme_key_table_is_the_help_table,
                          each_sim_config_is_named_after_its_file, NULL};
  return check_suite("nmgen", "generator", 120, tests);
}

const check_prog check_program = {.name = "test_nmgen", .suite = nmgen_suite};
