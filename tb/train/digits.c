/*
** Reads scikit-learn's digits.csv.gz (see digits.h).
*/
#include "digits.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "nm_rng.h"

const char nt_digits_default_path[] =
    "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

/* One CSV line: 64 pixels in 0..16 and a label in 0..9. */
static int parse_line(char *s, uint8_t *pix, uint8_t *label) {
  for (int i = 0; i <= NT_DIGITS_PIXELS; i++) {
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s) return -1;
    if (i < NT_DIGITS_PIXELS) {
      if (v < 0 || v > 16 || *end != ',') return -1;
      pix[i] = (uint8_t)v;
    } else {
      if (v < 0 || v >= NT_DIGITS_CLASSES) return -1;
      while (*end == '\r' || *end == '\n') end++;
      if (*end) return -1;
      *label = (uint8_t)v;
    }
    s = end + 1;
  }
  return 0;
}

int nt_digits_load(const char *path, nt_digits *d, char *err, size_t errlen) {
  char line[1024];
  FILE *probe = fopen(path, "rb");
  gzFile f;
  if (!probe) {
    snprintf(err, errlen,
             "dataset file %s: %s (install the Debian package python3-sklearn, or pass --data "
             "with the path of scikit-learn's sklearn/datasets/data/digits.csv.gz)",
             path, strerror(errno));
    return -1;
  }
  fclose(probe);
  if (!(f = gzopen(path, "rb"))) {
    snprintf(err, errlen, "dataset file %s: cannot open with zlib", path);
    return -1;
  }
  d->n = 0;
  while (gzgets(f, line, (int)sizeof line)) {
    if (line[0] == '\n' || line[0] == 0) continue;
    if (d->n >= NT_DIGITS_MAX || parse_line(line, d->pix[d->n], &d->label[d->n])) {
      snprintf(err, errlen,
               "dataset file %s: line %d is not 64 pixel values 0..16 and a label 0..9 "
               "(or more than %d lines)",
               path, d->n + 1, NT_DIGITS_MAX);
      gzclose(f);
      return -1;
    }
    d->n++;
  }
  {
    int zerr;
    const char *msg = gzerror(f, &zerr);
    if (zerr != Z_OK && zerr != Z_STREAM_END) {
      snprintf(err, errlen, "dataset file %s: zlib: %s", path, msg);
      gzclose(f);
      return -1;
    }
  }
  gzclose(f);
  if (d->n < 100) {
    snprintf(err, errlen, "dataset file %s: only %d images (expected 1797)", path, d->n);
    return -1;
  }
  return 0;
}

int nt_digits_split(const nt_digits *d, uint64_t seed, int *perm) {
  nm_rng r;
  nm_rng_seed(&r, seed ^ 0x73706c6974ull); /* "split" */
  for (int i = 0; i < d->n; i++) perm[i] = i;
  for (int i = d->n - 1; i > 0; i--) {
    int j = (int)nm_rng_below(&r, (uint32_t)i + 1u), t = perm[i];
    perm[i] = perm[j], perm[j] = t;
  }
  return 0;
}
