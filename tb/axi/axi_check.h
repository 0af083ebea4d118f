/*
** axi_check: an AXI4 protocol checker on one interface, fed every cycle
** with the signals sampled just before the rising edge (axi_bus.h).  It
** records every violation with the cycle, the channel and the rule; a test
** fails on the first (axi_check_first) and may print the rest.
**
** Rules on the master (AR, AW, W):
**   reset        no AxVALID / WVALID while reset is asserted
**   hold         a VALID stays high until its READY, the payload stable
**   burst        AxBURST not reserved; AxSIZE no wider than the bus; WRAP
**                lengths 2/4/8/16 and aligned; FIXED at most 16 beats
**   4k           an INCR burst does not cross a 4 KB boundary
**   wlast        WLAST on beat AWLEN of its burst and on no other (W beats
**                pair with AWs in order; W may lead its AW)
**   wstrb        no strobe outside the bytes the beat transfers
**   outstanding  AR handshakes not answered by RLAST <= max_reads; AW not
**                answered by B <= max_writes
**   id           AxID fits id_bits
** Rules on the slave (R, B), so a model bug is not blamed on the DMA:
**   hold, rid (an R only for an outstanding AR of that ID, RLAST on its
**   last beat), bid (a B only after the last W beat of a burst of that ID).
** axi_check_end says whether anything is still in flight.
*/
#ifndef NM_AXI_CHECK_H
#define NM_AXI_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "axi_bus.h"

typedef struct {
  int bus_bytes;                /* data width / 8 */
  int id_bits;
  int max_reads, max_writes;    /* outstanding limits of the master */
} axi_check_cfg;

typedef struct axi_check axi_check;

axi_check *axi_check_new(const axi_check_cfg *cfg);
void axi_check_free(axi_check *c);

/* One cycle: the sampled signals and whether reset was asserted. */
void axi_check_cycle(axi_check *c, const axi_bus *bus, int in_reset);

/* Violations so far; the first one's message ("" if none). */
unsigned long axi_check_violations(const axi_check *c);
const char *axi_check_first(const axi_check *c);
/* Print up to max messages to stderr. */
void axi_check_report(const axi_check *c, int max);

/* Transactions in flight (ARs, AWs without B, W beats waiting for an AW). */
int axi_check_in_flight(const axi_check *c);
/* Largest read / write bursts seen outstanding at once. */
int axi_check_max_reads_seen(const axi_check *c);
int axi_check_max_writes_seen(const axi_check *c);

#endif
