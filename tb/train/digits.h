/*
** digits: scikit-learn's bundled handwritten-digits set (1,797 images of
** 8x8 pixels, values 0..16, labels 0..9), read from the gzip'd CSV the
** package ships (Debian python3-sklearn:
** /usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz, the
** same file as the PyPI wheel's sklearn/datasets/data/digits.csv.gz).
** One line per image: 64 pixel values then the label, comma-separated.
** Read with zlib at run time: no download, no Python.
*/
#ifndef NT_DIGITS_H
#define NT_DIGITS_H

#include <stddef.h>
#include <stdint.h>

#define NT_DIGITS_PIXELS 64
#define NT_DIGITS_CLASSES 10
#define NT_DIGITS_MAX 2048 /* lines accepted (the file has 1797) */

extern const char nt_digits_default_path[];

typedef struct nt_digits {
  int n;                                      /* images */
  uint8_t pix[NT_DIGITS_MAX][NT_DIGITS_PIXELS]; /* 0..16 */
  uint8_t label[NT_DIGITS_MAX];               /* 0..9 */
} nt_digits;

/* Loads the file; 0, or -1 with the reason (missing, unreadable, malformed
** line N) in err. */
int nt_digits_load(const char *path, nt_digits *d, char *err, size_t errlen);

/* A fixed seeded split: perm[0..n-1] is a shuffle of the images (Fisher-
** Yates on nm_rng(seed)); the first ntest are the test set, the rest train. */
int nt_digits_split(const nt_digits *d, uint64_t seed, int *perm);

#endif
