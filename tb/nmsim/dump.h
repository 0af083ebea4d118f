/*
** dump: nmsim --dump DIR, every command's inputs and outputs as files another
** tool can check (the format is described at the top of dump.c).
*/
#ifndef NM_DUMP_H
#define NM_DUMP_H

#include <stddef.h>
#include <stdint.h>

typedef struct dump dump;

/* One tensor of a command. */
typedef struct dump_tensor {
  const char *name;      /* e.g. "A_val" */
  const char *dtype;     /* f16 f32 u8 u16 u32 */
  int ndim;
  long shape[3];
  const char *layout;    /* e.g. "row-major [I][K']" */
  const void *data;      /* elements of the dtype's size, or uint32_t each when src_u32 */
  int src_u32;           /* data is uint32_t per element, stored truncated to the dtype */
} dump_tensor;

/* Create DIR (if needed), DIR/run.json (params: a JSON object of the
** configuration's parameters a checker needs) and DIR/manifest.jsonl.  NULL
** and a message in err on failure. */
dump *dump_open(const char *dir, const char *cfg, uint64_t seed, const char *cmdline,
                const char *params, char *err, size_t errlen);

/* One manifest line and one .bin file per tensor; fields is a JSON object.
** 0, or -1 when a file could not be written (the caller fails the run). */
int dump_cmd(dump *d, const char *op, const char *phase, int iter, int layer, const char *fields,
             const dump_tensor *in, int nin, const dump_tensor *out, int nout);

/* Number of commands written; closes the manifest.  NULL is fine. */
long dump_close(dump *d);

#endif
