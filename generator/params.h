/*
** The parameter table of nmgen.
**
** Every generation key is described exactly once, in NM_KEYS below: name,
** kind, range or choices, default and help line.  Parsing, validation,
** `nmgen --help`, nm_config.h, the template dictionary and manifest.json are
** all driven from it, so a new key is one new line here.
*/
#ifndef NMGEN_PARAMS_H
#define NMGEN_PARAMS_H

#include <stddef.h>

#define NM_NAME_MAX 32        /* longest config name: derived identifiers stay short */

/* X(ID, "key", kind, min, max, "choice|choice", "default", "help") */
#define NM_KEYS(X)                                                              \
  X(NAME, "name", KEY_NAME, 1, NM_NAME_MAX, NULL, "default",                    \
    "configuration name: [a-z][a-z0-9_]*, names build/<name> and the files")    \
  X(ROWS, "rows", KEY_INT, 1, 64, NULL, "8", "systolic array rows (R)")         \
  X(COLS, "cols", KEY_INT, 1, 64, NULL, "8", "systolic array columns (C)")      \
  X(MMAX, "mmax", KEY_INT, 2, 16, NULL, "8",                                    \
    "largest M of N:M sparsity the datapath supports (MMAX)")                   \
  X(DATAFLOW, "dataflow", KEY_ENUM, 0, 0, "os|ws|both", "both",                 \
    "array interconnect: output-, weight-stationary, or switchable per command")\
  X(MUL_STAGES, "mul_stages", KEY_INT, 0, 4, NULL, "3",                         \
    "register cuts in every fp16/fp32 multiplier (latency in cycles)")          \
  X(ADD_STAGES, "add_stages", KEY_INT, 0, 4, NULL, "3",                         \
    "register cuts in every fp32 adder (latency in cycles)")                    \
  X(CVT_STAGES, "cvt_stages", KEY_INT, 0, 4, NULL, "1",                         \
    "register cuts in the fp16<->fp32 converters (latency in cycles)")          \
  X(SORE_LANES, "sore_lanes", KEY_INT, 1, 64, NULL, "4",                        \
    "SORE pruning lanes, each returning the top N of a group of M")             \
  X(SORE_ARCH, "sore_arch", KEY_ENUM, 0, 0, "serial|parallel", "parallel",      \
    "SORE lane: serial (SAT, one element a cycle) or parallel (a group a cycle)")\
  X(WUVE_LANES, "wuve_lanes", KEY_INT, 1, 64, NULL, "4",                        \
    "weight-update vector engine lanes (elements per cycle)")                   \
  X(ABUF_DEPTH, "abuf_depth", KEY_INT, 16, 65536, NULL, "512",                \
    "STCE A' buffer: words per bank (R banks of value+index)")                  \
  X(BBUF_DEPTH, "bbuf_depth", KEY_INT, 16, 65536, NULL, "256",               \
    "STCE B buffer: words per bank (C banks of one MMAX x fp16 group)")         \
  X(CBUF_DEPTH, "cbuf_depth", KEY_INT, 16, 65536, NULL, "512",                \
    "STCE C buffer: words per bank (C banks of fp32 C_in / results)")           \
  X(SORE_BUF_DEPTH, "sore_buf_depth", KEY_INT, 16, 65536, NULL, "256",          \
    "SORE buffers: groups per lane bank (input, kept values, indices, masks)")  \
  X(WUVE_BUF_DEPTH, "wuve_buf_depth", KEY_INT, 16, 65536, NULL, "256",          \
    "WUVE buffers: elements per lane bank (W32, V32, dW16 + mask, W16)")        \
  X(ANT_N, "ant_n", KEY_INT, 1, 8, NULL, "4",                                  \
    "ANT engine: n x n fp16 multipliers (image vector x kernel vector)")        \
  X(ANT_ENGINES, "ant_engines", KEY_INT, 1, 16, NULL, "4",                      \
    "ANT engines on independent channel pairs, one buffer bank each")            \
  X(ANT_ACC_BITS, "ant_acc_bits", KEY_INT, 84, 128, NULL, "104",                \
    "ANT exact accumulators: fixed-point width, LSB 2^-48 (84 holds 1 product)")\
  X(ANT_IBUF_DEPTH, "ant_ibuf_depth", KEY_INT, 16, 32768, NULL, "1024",        \
    "ANT image buffer: CSR elements (x, fp16) of one image plane")             \
  X(ANT_KBUF_DEPTH, "ant_kbuf_depth", KEY_INT, 16, 32768, NULL, "1024",        \
    "ANT kernel buffer: CSR elements (s, fp16) of one kernel plane")           \
  X(ANT_OBUF_DEPTH, "ant_obuf_depth", KEY_INT, 16, 65536, NULL, "1024",        \
    "ANT accumulators: outputs Hout*Wout of one command")                      \
  X(ANT_ROWS, "ant_rows", KEY_INT, 2, 4096, NULL, "64",                        \
    "ANT row tables: most image rows and kernel rows of one command")          \
  X(AXI_DATA_BITS, "axi_data_bits", KEY_ENUM, 0, 0, "64|128|256|512", "128",    \
    "AXI4 master (nm_dma) data bus width in bits")                             \
  X(AXI_ADDR_BITS, "axi_addr_bits", KEY_ENUM, 0, 0, "32|64", "64",              \
    "AXI4 master (nm_dma) address width in bits")                              \
  X(DMA_MAX_READS, "dma_max_reads", KEY_INT, 1, 16, NULL, "8",                  \
    "nm_dma: read bursts in flight on the AXI4 master (writes: the same limit)")\
  X(QUEUE_DEPTH, "queue_depth", KEY_INT, 2, 256, NULL, "16",                  \
    "command queue: descriptors Q_PUSH can hold ahead of the engine and XFER channels") \
  X(CLOCK_MHZ, "clock_mhz", KEY_INT, 1, 2000, NULL, "100",                      \
    "target clock in MHz, written into the generated constraints")            \
  X(IO_DELAY_PCT, "io_delay_pct", KEY_INT, 0, 90, NULL, "20",                   \
    "external input/output delay in the constraints, percent of the period")

typedef enum {
#define NM_KEY_ENUM(id, ...) K_##id,
  NM_KEYS(NM_KEY_ENUM)
#undef NM_KEY_ENUM
  K_COUNT
} key_id;

typedef enum { KEY_INT, KEY_ENUM, KEY_NAME } key_kind;

typedef struct {
  const char *name;           /* as written in configs and after "--" */
  key_kind kind;
  long min, max;              /* KEY_INT: inclusive range; KEY_NAME: length */
  const char *choices;        /* KEY_ENUM: "a|b|c" */
  const char *def;            /* default, as text */
  const char *help;
} key_desc;

/* A full parameter set: one value slot per key. */
typedef struct {
  long ival[K_COUNT];           /* KEY_INT value, or KEY_ENUM choice index */
  char name[NM_NAME_MAX + 1];     /* the KEY_NAME value */
  unsigned char from_cli[K_COUNT]; /* set on the command line: a config file must not override */
} nm_params;

const key_desc *params_key(key_id k);
int params_find(const char *name);   /* key index, or -1; '-' and '_' are the same */

void params_defaults(nm_params *p);
/* Set a key from text; on error write one line to err and return -1. */
int params_set(nm_params *p, int k, const char *text, int from_cli,
               char *err, size_t errlen);

/* The value as text (the enum word, the number, the name). */
const char *params_text(const nm_params *p, key_id k, char *buf, size_t len);
/* Word i of an enum key's choices, or NULL past the last. */
const char *params_choice(key_id k, long i, char *buf, size_t len);
/* "name=default rows=8 ..." on one line, for file headers. */
void params_summary(const nm_params *p, char *buf, size_t len);

void params_print_help(void);
void params_print_markdown(void);
void params_print_keys(void);        /* machine-readable, for the tests */

#endif
