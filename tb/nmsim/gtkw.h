/*
** gtkw: the GTKWave save file nmsim writes next to a trace (F.fst -> F.gtkw).
**
** It is sim/nm_top.gtkw (the signal groups, embedded in nmsim at build
** time as nm_top_gtkw[], sim/nmsim.mk) with the run's own lines: the dump
** file, time 0 at the left edge and the zoom at which the whole run fits
** the wave pane of the window size that file sets.  Trace times are
** picoseconds (1 ps timescale), a clock period of 1e6 / clock_mhz ps
** rounded to whole ps (tb/dut/dut_model.h).
*/
#ifndef NM_GTKW_H
#define NM_GTKW_H

#include <stddef.h>
#include <stdint.h>

/* sim/nm_top.gtkw, whole (generated: BUILD/gen/nm_top_gtkw.c). */
extern const char nm_top_gtkw[];

/* The save file's path for a trace: its .fst / .vcd suffix replaced by
** .gtkw, or .gtkw appended.  0, or -1 if it does not fit out[n]. */
int gtkw_path(const char *trace, char *out, size_t n);

/* GTKWave's zoom (its *-line) at which span time units fill px pixels:
** GTKWave draws 2^-zoom / 200 time units a pixel; never above 0. */
double gtkw_fit_zoom(uint64_t span, int px);

/* Write path: nm_top_gtkw with dump as the dump file, zoomed to fit
** [0, end) (trace time units); note is a comment line (what the run was).
** 0, or -1 with the reason in err. */
int gtkw_write(const char *path, const char *dump, uint64_t end, const char *note, char *err,
               size_t errlen);

#endif
