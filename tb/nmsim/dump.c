/*
** nmsim --dump DIR: the inputs and outputs of every command nmsim runs.
**
** Format (all little-endian, no padding):
**
**   DIR/run.json         {"tool":"nmsim","format":2,"config":..,"seed":..,"cmdline":..,
**                         "params":{"mmax":..,"ant_n":..,"ant_acc_bits":..}}
**   DIR/manifest.jsonl   one JSON object per command, in issue order:
**     {"seq":12, "op":"GEMM", "phase":"FF", "iter":0, "layer":1,
**      "fields":{ the command's fields, e.g. "I":8,"J":16,"K":32,"N":2,"M":4,
**                 "sparse":1,"ws":0,"cin":0,"out16":1 },
**      "inputs":[{"name":"A_val","file":"000012_FF_in_A_val.bin","dtype":"f16",
**                 "shape":[8,16],"layout":"row-major [I][K']"}, ...],
**      "outputs":[ ...same form... ]}
**   DIR/<seq>_<phase>_<in|out>_<name>.bin   the tensor's elements, row-major
**                                  as in "shape", each element dtype-sized;
**                                  inputs and outputs never share a file (an
**                                  UPDATE reads w and writes w)
**
** dtypes: f16 = IEEE binary16 bits (uint16), f32 = binary32 bits (uint32),
** u8, u16, u32 unsigned integers.  Outputs are what the hardware wrote (the
** run checked them bit for bit against the golden model); inputs are the
** values the command read, captured before it ran.  Tensors are in logical
** layouts, not the engines' buffer layouts.  The arithmetic is DESIGN.md's
** numeric contract (RNE, subnormals kept, canonical NaNs 0x7E00 /
** 0x7FC00000); sim/check_dump recomputes every output from this text.
**
**   GEMM   fields I, J, K, N, M, sparse, ws, cin, out16.  K' = K*N/M when
**          sparse, else K.  A_val [I][K'] f16 and A_idx [I][K'] u8 (sparse
**          only: the position in its group of M, entry k' in group k'/N);
**          dense A has no A_idx (entry k is B row k).  B [K][J] f16, C_in
**          [I][J] f32 (when cin), C [I][J] f32, or f16 when out16.
**            acc = cin ? C_in[i][j] : +0
**            for k' = 0..K'-1: acc = add32(acc, A_val[i][k'] * B[row][j])
**              row = (k'/N)*M + A_idx[i][k'] (dense: row = k')
**          the fp16 x fp16 product exact (never rounded), each add RNE;
**          C = acc, or cvt32to16(acc) (RNE, overflow to Inf) when out16.
**          A GEMM split along K is several commands: a later part's C_in
**          is the previous part's fp32 C.
**   PRUNE  fields beats, N, M.  in [G][M] f16 (G groups of M), val
**          [G][MMAX] f16 and idx [G][MMAX] u8, mask [G] u32.  Per group the
**          N elements with the largest magnitude key bits[14:0] (unsigned,
**          so NaN > Inf > finite; ties to the lower index) are kept; slot
**          k < N holds the k-th kept element in index order (value bits
**          and index), slots >= N are 0; mask bit e = element e kept.
**   UPDATE fields n, mode (0 check, 1 update, 2 update_unless_inf), clear,
**          the fp32 bits of inv_scale, lr, mu, wd, srste, found_inf_in
**          (STATUS.found_inf before the command) and found_inf (after).
**          Inputs w, v [n] f32, g [n] f16 (dW16), mask [n] u8 (forward-mask
**          bit), w16_in [n] f16; outputs w, v [n] f32, w16 [n] f16.
**            f = (clear ? 0 : found_inf_in) | any element's g0 Inf or NaN
**            g0 = mul32(cvt16to32(g), inv_scale); g = add32(g0, mul32(wd, w))
**            if mask == 0: g = add32(g, mul32(srste, w))
**            v' = add32(mul32(mu, v), g); w' = add32(w, -mul32(lr, v'))
**            w16' = cvt32to16(w')
**          found_inf = f.  Mode check, or mode update_unless_inf with f = 1,
**          writes nothing: the outputs equal the inputs (w16 = w16_in).
**   ANT    fields ih, kh, hout, wout, st, d, pad, scnn, clear, out16,
**          engine, engines (a command is one record per engine, engine
**          0..engines-1, each with that engine's planes and outputs) and the
**          command's counters pairs, products, rcps, skipped (sums over its
**          engines); image_rowptr [ih+1]
**          u32, image_elem [nnz][2] u16 (x, fp16 bits) per CSR row y,
**          kernel_rowptr [kh+1], kernel_elem alike (s, fp16).  Product
**          (image (y,x), kernel (r,s)) adds into out[oy][ox] iff
**          oy = (y + pad - d*r)/st and ox = (x + pad - d*s)/st are whole
**          and in [0,hout) x [0,wout) (else an RCP).  The sum is exact
**          (fixed point, LSB 2^-48) in an ant_acc_bits two's complement
**          accumulator (run.json params): ovf is set when a partial sum,
**          formed in image CSR order, leaves [-2^(bits-1), 2^(bits-1)).
**          A +-Inf product sets pinf / ninf, a NaN product (or Inf x 0)
**          sets nan.  clear = 1 starts from 0 and no flags; clear = 0
**          continues the previous ANT command's accumulators and flags
**          (of the same engine).
**          out [hout][wout] f32, or f16 when out16: NaN if ovf, nan or
**          pinf and ninf, else +-Inf by the flag, else the sum rounded
**          once RNE (0 -> +0); flags [hout][wout] u8 = ovf<<3 | nan<<2 |
**          ninf<<1 | pinf.  scnn = 1 multiplies every pair (products =
**          image nnz x kernel nnz); both modes give the same outputs.
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

dump *dump_open(const char *dir, const char *cfg, uint64_t seed, const char *cmdline,
                const char *params, char *err, size_t errlen) {
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
    fprintf(f, "{\"tool\":\"nmsim\",\"format\":2,\"config\":");
    json_str(f, cfg);
    fprintf(f, ",\"seed\":%llu,\"cmdline\":", (unsigned long long)seed);
    json_str(f, cmdline);
    fprintf(f, ",\"params\":%s}\n", params);
    if (fclose(f) != 0) f = NULL;
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

/* key is "inputs" or "outputs"; the file name says which ("in" / "out"), so
** an input and an output of one name (UPDATE's w, v) never share a file. */
static int tensors(dump *d, const char *key, const char *phase, const dump_tensor *t, int n) {
  fprintf(d->manifest, ",\"%s\":[", key);
  for (int i = 0; i < n; i++) {
    char file[256];
    for (int j = 0; j < i; j++)
      if (!strcmp(t[i].name, t[j].name)) return -1; /* one file per tensor */
    snprintf(file, sizeof file, "%06ld_%s_%s_%s.bin", d->seq, phase, key[0] == 'i' ? "in" : "out",
             t[i].name);
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
