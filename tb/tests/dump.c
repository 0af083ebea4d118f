/*
** nmsim --dump DIR: the inputs and outputs of every command nmsim runs.
**
** Format (all little-endian, no padding):
**
**   DIR/run.json         {"tool":"nmsim","config":..,"seed":..,"cmdline":..,"format":1}
**   DIR/manifest.jsonl   one JSON object per command, in issue order:
**     {"seq":12, "op":"GEMM", "phase":"FF", "iter":0, "layer":1,
**      "fields":{ the command's fields, e.g. "I":8,"J":16,"K":32,"N":2,"M":4,
**                 "sparse":1,"ws":0,"cin":0,"out16":1 },
**      "inputs":[{"name":"A_val","file":"000012_FF_A_val.bin","dtype":"f16",
**                 "shape":[8,16],"layout":"row-major [I][K']"}, ...],
**      "outputs":[ ...same form... ]}
**   DIR/<seq>_<phase>_<name>.bin   the tensor's elements, row-major as in
**                                  "shape", each element dtype-sized
**
** dtypes: f16 = IEEE binary16 bits (uint16), f32 = binary32 bits (uint32),
** u8, u16, u32 unsigned integers.  Outputs are what the hardware wrote (the
** run checked them bit for bit against the golden model).  Tensors are in
** logical layouts, not the engines' buffer layouts:
**
**   GEMM   A_val [I][K'] f16 and A_idx [I][K'] u8 (the position in the group
**          of M; dense A: A_val [I][K], no A_idx), B [K][J] f16, C_in
**          [I][J] f32 (when cin), C [I][J] f32 or f16 (out16).  C = A'.B in
**          the order of tb/model/nm_gemm.h.
**   PRUNE  in [G][M] f16 (G groups of M), val [G][MMAX] f16 and idx
**          [G][MMAX] u8 (slot k < N: the k-th kept element in index order;
**          slots >= N are 0), mask [G] u32 (bit e: element e kept).
**   UPDATE w, v [n] f32, g [n] f16 (dW16), mask [n] u8 (forward-mask bit),
**          w16_in [n] f16 (preset); outputs w, v [n] f32, w16 [n] f16 (not
**          written by the hardware in check mode or a skipped
**          update_unless_inf: the outputs then equal the inputs); fields
**          hold mode, clear, the hyperparameters as fp32 bits and found_inf.
**   ANT    image_rowptr [ih+1] u32, image_elem [nnz][2] u16 (coord, f16 bits),
**          kernel_rowptr, kernel_elem alike; out [Hout][Wout] f32 or f16
**          (fields.out16), flags [Hout][Wout] u8 {ovf,nan,ninf,pinf} in bits
**          3..0; fields include clear (0: the outputs also hold the previous
**          command's sums) and the counters.
*/
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* the build passes it too: nm_config.h includes stdint.h first */
#endif
#include "dump.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct dump {
  char *dir;
  FILE *manifest;
  long seq;
};

/* A JSON string literal of s (quotes and control characters escaped). */
static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fprintf(f, "\\%c", *s);
    else if ((unsigned char)*s < 0x20) fprintf(f, "\\u%04x", (unsigned)*s);
    else fputc(*s, f);
  }
  fputc('"', f);
}

dump *dump_open(const char *dir, const char *cfg, uint64_t seed, const char *cmdline, char *err,
                size_t errlen) {
  char path[4096];
  FILE *f;
  dump *d;
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    snprintf(err, errlen, "--dump %s: cannot create the directory: %s", dir, strerror(errno));
    return NULL;
  }
  d = calloc(1, sizeof *d);
  if (!d || !(d->dir = strdup(dir))) {
    free(d);
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  snprintf(path, sizeof path, "%s/run.json", dir);
  f = fopen(path, "w");
  if (f) {
    fprintf(f, "{\"tool\":\"nmsim\",\"format\":1,\"config\":");
    json_str(f, cfg);
    fprintf(f, ",\"seed\":%llu,\"cmdline\":", (unsigned long long)seed);
    json_str(f, cmdline);
    fprintf(f, "}\n");
    fclose(f);
  }
  snprintf(path, sizeof path, "%s/manifest.jsonl", dir);
  d->manifest = f ? fopen(path, "w") : NULL;
  if (!d->manifest) {
    snprintf(err, errlen, "--dump %s: cannot write %s: %s", dir, path, strerror(errno));
    free(d->dir), free(d);
    return NULL;
  }
  return d;
}

static size_t dtype_size(const char *t) {
  return t[1] == '8' ? 1 : (strcmp(t, "f16") == 0 || strcmp(t, "u16") == 0) ? 2 : 4;
}

/* The .bin file of one tensor, little-endian. */
static int write_bin(const dump *d, const char *file, const dump_tensor *t) {
  char path[4096];
  size_t n = 1, es = dtype_size(t->dtype);
  FILE *f;
  for (int i = 0; i < t->ndim; i++) n *= (size_t)t->shape[i];
  snprintf(path, sizeof path, "%s/%s", d->dir, file);
  if (!(f = fopen(path, "wb"))) return -1;
  for (size_t i = 0; i < n; i++) {
    uint32_t v;
    if (t->src_u32) v = ((const uint32_t *)t->data)[i];
    else if (es == 1) v = ((const uint8_t *)t->data)[i];
    else if (es == 2) v = ((const uint16_t *)t->data)[i];
    else v = ((const uint32_t *)t->data)[i];
    for (size_t b = 0; b < es; b++) fputc((int)(v >> (8 * b)) & 0xFF, f);
  }
  return fclose(f) == 0 ? 0 : -1;
}

static int tensors(dump *d, const char *key, const char *phase, const dump_tensor *t, int n) {
  fprintf(d->manifest, ",\"%s\":[", key);
  for (int i = 0; i < n; i++) {
    char file[256];
    snprintf(file, sizeof file, "%06ld_%s_%s.bin", d->seq, phase, t[i].name);
    if (write_bin(d, file, &t[i])) return -1;
    fprintf(d->manifest, "%s{\"name\":", i ? "," : "");
    json_str(d->manifest, t[i].name);
    fprintf(d->manifest, ",\"file\":\"%s\",\"dtype\":\"%s\",\"shape\":[", file, t[i].dtype);
    for (int k = 0; k < t[i].ndim; k++) fprintf(d->manifest, "%s%ld", k ? "," : "", t[i].shape[k]);
    fprintf(d->manifest, "],\"layout\":");
    json_str(d->manifest, t[i].layout);
    fputc('}', d->manifest);
  }
  fputc(']', d->manifest);
  return 0;
}

int dump_cmd(dump *d, const char *op, const char *phase, int iter, int layer, const char *fields,
             const dump_tensor *in, int nin, const dump_tensor *out, int nout) {
  if (!d) return 0;
  fprintf(d->manifest, "{\"seq\":%ld,\"op\":\"%s\",\"phase\":\"%s\",\"iter\":%d,\"layer\":%d,"
          "\"fields\":%s", d->seq, op, phase, iter, layer, fields);
  if (tensors(d, "inputs", phase, in, nin) || tensors(d, "outputs", phase, out, nout)) return -1;
  fprintf(d->manifest, "}\n");
  d->seq++;
  return ferror(d->manifest) ? -1 : 0;
}

long dump_close(dump *d) {
  long n;
  if (!d) return 0;
  n = d->seq;
  fclose(d->manifest);
  free(d->dir);
  free(d);
  return n;
}
