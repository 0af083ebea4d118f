/*
** The generated C driver of nm_top: DIR/driver/nm_driver.h, nm_driver.c
** (C99, only <stdint.h> / <stddef.h>) and the bare-metal example
** DIR/driver/example.c, written from generator/regmap.c's tables (registers,
** command fields, error codes, buffer-layout lines), so the driver states no
** offset, field position or layout formula of its own.
*/
#ifndef NMGEN_DRIVER_H
#define NMGEN_DRIVER_H

#include <stddef.h>

#include "outdir.h"
#include "params.h"

/* Write the driver files into o. */
int driver_emit(const nm_params *p, const char *summary, outdir *o, char *err, size_t errlen);

/* The files driver_emit writes, relative to DIR (manifest.json lists them);
** NULL past the last. */
const char *driver_file(size_t i);

/* The command-queue calls (driver_queue.c): nm_driver.h's prototypes and nm_driver.c's bodies. */
extern const char driver_queue_h[];
extern const char driver_queue_c[];

#endif
