/*
** Cycle model of one XFER (nm_top's DMA command, rtl_templates/nm_top_dma.vt):
** LAST_CYCLES of a good transfer from its shape, its layout descriptor (the
** XFER ARG fields nm_dma_lay walks), the bus width, and a DRAM without
** stalls of a given latency and bytes a cycle (tb/axi/axi_mem's model:
** a beat costs the bus width, so the peak is min(bytes/cycle, bus bytes)).
**
** The model follows the beats (not a cycle-by-cycle simulation of the RTL):
**   buffer port  nm_dma_lay's groups (at most Q = bus bits / 16 elements of
**         one row-packed beat, one word per bank) go through the engines'
**         one access port bank by bank: into a region 1 cycle a bank word
**         whose every lane the group writes (or with ZFILL), 2 for one it
**         writes in part (read, merge, write); out of a region 1 cycle a bank word (the
**         first read as the group issues, the last landing from the port).
**         The STCE regions (wide): all the group's banks at once, into the
**         region 1 cycle a group (the words it writes in part were read
**         the cycle before; 2 if the group before wrote the same word of
**         one of its banks), out 1;
**   bursts  INCR bursts (a row is its own bursts: at most 256 beats, never
**         across 4 KB), at most max_reads in flight; a read burst's slot
**         frees when the converter has taken its last beat (nm_dma_rd
**         buffers one beat), a write burst's at its B response;
**   DRAM  the first beat `latency` cycles after AR, then beats at
**         min(bytes/cycle, bus bytes); B `latency` after the last W.
** test_rtl_top_dma checks it against the RTL with the tolerance below.
*/
#ifndef NM_XFER_CYCLES_H
#define NM_XFER_CYCLES_H

#include <stdint.h>

/* The layout descriptor (nm_dma_lay's ports; XFER ARG3 / ARG4 and BASE). */
typedef struct {
  unsigned esz, nb, base, lane0, epw, e_wm, e_skew, e_wstep, r_flat, rpl, r_wm, r_skew, r_wstep;
  unsigned zfill;       /* ZFILL: every word written whole (no read) */
} nm_xfer_lay;

typedef struct {
  int bus_bytes;        /* AXI data width in bytes (8..64) */
  int latency;          /* DRAM cycles from request to first beat (and last W to B) */
  int bytes_per_cycle;  /* DRAM bandwidth */
  int max_reads;        /* bursts in flight (dma_max_reads; writes the same) */
} nm_xfer_bus;

typedef struct {
  int out;              /* 0 DRAM -> buffer, 1 buffer -> DRAM */
  int rows, row_elems;  /* the DRAM tile */
  uint64_t addr;        /* its first byte (the beats of a row depend on its alignment) */
  uint64_t stride;      /* bytes row to row */
  int word_lanes;       /* 16-bit lanes of the region's word (regmap.c's RL_*) */
  nm_xfer_lay lay;
  int wide;             /* 1: the region has the wide port (STCE A, B, C: nm_xfer_wide) */
} nm_xfer_cmd;

/* 1 if XFER reaches region (nm_layout.h's NML_* = regmap.c's RG_* number)
** through the STCE's wide port: nm_stce's regions STCE_A, STCE_B, STCE_C. */
int nm_xfer_wide(int region);

/* What the model counts, and its prediction. */
typedef struct {
  uint64_t groups, bank_words, full_words; /* nm_dma_lay groups; their bank accesses; of them whole */
  uint64_t port;                           /* buffer-port cycles */
  uint64_t beats;                          /* bus beats */
  uint64_t dram;                           /* DRAM cycles for the beats at its rate */
  uint64_t cycles;                         /* the prediction of LAST_CYCLES */
} nm_xfer_est;

/* The model's tolerance against the RTL: |RTL - model| <= ABS + REL_PPM * model / 1e6. */
#define NM_XFER_TOL_ABS 24u
#define NM_XFER_TOL_REL_PPM 50000u

/* 0, or -1 if out of memory (e zeroed). */
int nm_xfer_estimate(const nm_xfer_bus *bus, const nm_xfer_cmd *c, nm_xfer_est *e);
uint64_t nm_xfer_cycles(const nm_xfer_bus *bus, const nm_xfer_cmd *c);
/* 1 if the RTL's count is within the model's tolerance. */
int nm_xfer_within(uint64_t model, uint64_t rtl);

#endif
