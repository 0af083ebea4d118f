/*
** bench_net: the configuration under test (read from its generated
** nm_config.h, so the bench sees exactly what nmgen emitted) and the layer
** sets (sim/layers/<net>.txt), turned into the GEMMs of each training phase.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_net.h"

const char *const bn_phase_name[BN_PHASES] = {"FF", "BP", "WG", "UPDATE", "PRUNE"};

/* Value of `#define NM_<key> <int>` in the header text, or dflt. */
static int define_int(const char *text, const char *key, int dflt) {
  char pat[64];
  snprintf(pat, sizeof pat, "#define NM_%s ", key);
  const char *p = strstr(text, pat);
  return p ? atoi(p + strlen(pat)) : dflt;
}

int bn_hw_read(const char *path, bn_hw *hw, char *err, size_t errlen) {
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "cannot open %s (run nmgen for the config first)", path);
    return -1;
  }
  static const size_t cap = 1 << 16;
  char *text = calloc(cap, 1);
  size_t n = text ? fread(text, 1, cap - 1, f) : 0;
  fclose(f);
  if (!text || n == 0) {
    free(text);
    snprintf(err, errlen, "%s is empty or unreadable", path);
    return -1;
  }
  memset(hw, 0, sizeof *hw);
  const char *nm = strstr(text, "#define NM_NAME \"");
  if (nm) sscanf(nm + strlen("#define NM_NAME \""), "%63[^\"]", hw->name);
  hw->stce.rows = define_int(text, "ROWS", 0);
  hw->stce.cols = define_int(text, "COLS", 0);
  hw->stce.mul_stages = define_int(text, "MUL_STAGES", -1);
  hw->stce.add_stages = define_int(text, "ADD_STAGES", -1);
  hw->stce.cvt_stages = define_int(text, "CVT_STAGES", -1);
  hw->mmax = define_int(text, "MMAX", 0);
  int df = define_int(text, "DATAFLOW", -1);
  hw->has_os = df == 0 || df == 2, hw->has_ws = df == 1 || df == 2;
  hw->abuf = define_int(text, "ABUF_DEPTH", 0);
  hw->bbuf = define_int(text, "BBUF_DEPTH", 0);
  hw->cbuf = define_int(text, "CBUF_DEPTH", 0);
  hw->sore_lanes = define_int(text, "SORE_LANES", 0);
  hw->sore_parallel = define_int(text, "SORE_ARCH", 0) == 1;
  hw->sbuf = define_int(text, "SORE_BUF_DEPTH", 256); /* key added with nm_top */
  hw->wuve_lanes = define_int(text, "WUVE_LANES", 0);
  hw->wbuf = define_int(text, "WUVE_BUF_DEPTH", 256);
  hw->ant_n = define_int(text, "ANT_N", 0);
  hw->ant_engines = define_int(text, "ANT_ENGINES", 1);
  hw->ant_rows = define_int(text, "ANT_ROWS", 0);
  hw->ant_ibuf = define_int(text, "ANT_IBUF_DEPTH", 0);
  hw->ant_kbuf = define_int(text, "ANT_KBUF_DEPTH", 0);
  hw->clock_mhz = define_int(text, "CLOCK_MHZ", 0);
  free(text);
  if (hw->stce.rows < 1 || hw->stce.cols < 1 || hw->mmax < 2 || hw->stce.mul_stages < 0 ||
      hw->stce.add_stages < 0 || hw->stce.cvt_stages < 0 || df < 0 || hw->abuf < 1 || hw->bbuf < 1 ||
      hw->cbuf < 1 || hw->sore_lanes < 1 || hw->wuve_lanes < 1) {
    snprintf(err, errlen, "%s lacks some NM_* parameters the bench needs", path);
    return -1;
  }
  return 0;
}

/* ---- layer files ----------------------------------------------------------- */

/* One non-comment line into *l.  0 or -1 (message in err). */
static int parse_line(const char *line, int seq, bn_layer *l, char *err, size_t errlen) {
  char kind[16], name[48], extra[32] = "", tok[32];
  memset(l, 0, sizeof *l);
  if (sscanf(line, "%15s", kind) != 1) return -1;
  if (strcmp(kind, "conv") == 0) {
    int n = sscanf(line, "%*s %47s %d %d %d %d %d %d %d %d %31s", name, &l->count, &l->cout, &l->cin, &l->k,
                   &l->stride, &l->pad, &l->hin, &l->hout, extra);
    if (n < 9 || (n == 10 && strcmp(extra, "input") != 0)) {
      snprintf(err, errlen, "bad conv line (want NAME COUNT COUT CIN K STRIDE PAD HIN HOUT [input])");
      return -1;
    }
    l->conv = 1, l->input = n == 10, l->tokens = l->hout * l->hout;
    if ((l->hin + 2 * l->pad - l->k) / l->stride + 1 != l->hout) {
      snprintf(err, errlen, "%s: HOUT %d does not follow from HIN, K, STRIDE, PAD", name, l->hout);
      return -1;
    }
  } else if (strcmp(kind, "linear") == 0) {
    int n = sscanf(line, "%*s %47s %d %d %d %31s %31s", name, &l->count, &l->cout, &l->cin, tok, extra);
    if (n < 5 || (n == 6 && strcmp(extra, "input") != 0)) {
      snprintf(err, errlen, "bad linear line (want NAME COUNT OUT IN TOKENS [input])");
      return -1;
    }
    l->input = n == 6, l->k = l->stride = 1, l->hin = l->hout = 1;
    l->tokens = strcmp(tok, "seq") == 0 ? seq : atoi(tok);
  } else {
    snprintf(err, errlen, "unknown layer kind '%s' (conv or linear)", kind);
    return -1;
  }
  snprintf(l->name, sizeof l->name, "%s", name);
  if (l->count < 1 || l->cout < 1 || l->cin < 1 || l->k < 1 || l->stride < 1 || l->tokens < 1) {
    snprintf(err, errlen, "%s: sizes must be positive", name);
    return -1;
  }
  return 0;
}

int bn_net_load(const char *dir, const char *name, int seq, bn_net *net, char *err, size_t errlen) {
  char path[512], line[512];
  snprintf(path, sizeof path, "%s/%s.txt", dir, name);
  memset(net, 0, sizeof *net);
  snprintf(net->name, sizeof net->name, "%s", name);
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "cannot open %s", path);
    return -1;
  }
  int cap = 0, lineno = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    char *p = line;
    while (isspace((unsigned char)*p)) p++;
    if (*p == '#') {
      char *s = strstr(p, "source:");
      if (s && !net->source[0]) {
        s += strlen("source:");
        while (*s == ' ') s++;
        snprintf(net->source, sizeof net->source, "%s", s);
        net->source[strcspn(net->source, "\r\n")] = 0;
      }
      continue;
    }
    if (!*p) continue;
    if (net->nlayers == cap) {
      cap = cap ? 2 * cap : 16;
      bn_layer *nl = realloc(net->layer, (size_t)cap * sizeof *nl);
      if (!nl) {
        fclose(f);
        snprintf(err, errlen, "out of memory");
        return -1;
      }
      net->layer = nl;
    }
    char why[200];
    if (parse_line(p, seq, &net->layer[net->nlayers], why, sizeof why)) {
      fclose(f);
      snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
      return -1;
    }
    net->nlayers++;
  }
  fclose(f);
  if (!net->nlayers) {
    snprintf(err, errlen, "%s: no layers", path);
    return -1;
  }
  return 0;
}

void bn_net_free(bn_net *net) {
  free(net->layer);
  memset(net, 0, sizeof *net);
}

uint64_t bn_layer_weights(const bn_layer *l) {
  return (uint64_t)l->cout * (uint64_t)l->cin * (uint64_t)l->k * (uint64_t)l->k;
}

int bn_layer_gemm(const bn_layer *l, int phase, int batch, bn_shape *s) {
  uint64_t kk = (uint64_t)l->cin * (uint64_t)l->k * (uint64_t)l->k;
  uint64_t p = (uint64_t)l->tokens * (uint64_t)batch;
  memset(s, 0, sizeof *s);
  switch (phase) {
    case BN_FF:
      s->I = (uint64_t)l->cout, s->J = p, s->K = kk, s->sparse = 1;
      return 1;
    case BN_BP:
      if (l->input) return 0;
      s->I = kk, s->J = p, s->K = (uint64_t)l->cout, s->sparse = 1;
      return 1;
    case BN_WG:
      s->I = (uint64_t)l->cout, s->J = kk, s->K = p, s->sparse = 0;
      return 1;
    default:
      return 0;
  }
}
