/*
** The GTKWave save file next to a trace (see gtkw.h).
*/
#include "gtkw.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Pixels of the window that are not the wave pane: pane handles, borders
** and the scrollbar (measured on GTKWave 3.3 as about 30; a few more so
** the run's end stays in view). */
enum { PANE_MARGIN_PX = 40 };

/* GTKWave keeps 26 named markers (A..Z) after the primary one. */
enum { NAMED_MARKERS = 26 };

int gtkw_path(const char *trace, char *out, size_t n) {
  size_t len = strlen(trace);
  if (len > 4 && (!strcmp(trace + len - 4, ".fst") || !strcmp(trace + len - 4, ".vcd"))) len -= 4;
  return snprintf(out, n, "%.*s.gtkw", (int)len, trace) < (int)n ? 0 : -1;
}

double gtkw_fit_zoom(uint64_t span, int px) {
  double z = -log2((double)(span ? span : 1) * 200.0 / (double)(px > 1 ? px : 1));
  return z < 0 ? z : 0;
}

/* The value of a "[key] N" line of the embedded file, or dflt. */
static int embedded_int(const char *key, int dflt) {
  const char *s = nm_top_gtkw;
  size_t kl = strlen(key);
  while (*s) {
    int v;
    if (!strncmp(s, key, kl) && sscanf(s + kl, "%d", &v) == 1) return v;
    s += strcspn(s, "\n");
    s += *s == '\n';
  }
  return dflt;
}

/* Lines of the embedded file the run's own lines replace. */
static int replaced(const char *l) {
  static const char *const keys[] = {"[dumpfile", "[savefile]", "[timestart]", "[size]", "[pos]",
                                     "*"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    if (!strncmp(l, keys[i], strlen(keys[i]))) return 1;
  return 0;
}

/* p made absolute (so the save file opens from any directory), or p as it
** is when the working directory is unknown.  (realpath is not POSIX.1-2008
** base: nm_config.h's stdint.h comes before any feature macro here.) */
static void put_path(FILE *f, const char *key, const char *p) {
  char cwd[4096];
  if (p[0] != '/' && getcwd(cwd, sizeof cwd))
    fprintf(f, "%s \"%s/%s\"\n", key, cwd, p[0] == '.' && p[1] == '/' ? p + 2 : p);
  else
    fprintf(f, "%s \"%s\"\n", key, p);
}

int gtkw_write(const char *path, const char *dump, uint64_t end, const char *note, char *err,
               size_t errlen) {
  const int w = embedded_int("[size]", 1600);
  const int px = w - embedded_int("[sst_width]", 260) - embedded_int("[signals_width]", 340) -
                 PANE_MARGIN_PX;
  FILE *f = fopen(path, "w");
  if (!f) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    return -1;
  }
  fprintf(f, "[*]\n[*] %s\n", note);
  fprintf(f, "[*] Written by nmsim: sim/nm_top.gtkw with this trace, zoomed to fit the whole run\n"
             "[*] (%llu ps in %d pixels; after resizing the window: Time > Zoom > Zoom Best Fit).\n",
          (unsigned long long)end, px);
  put_path(f, "[dumpfile]", dump);
  put_path(f, "[savefile]", path);
  fprintf(f, "[timestart] 0\n");
  {
    int sx = w, sy = 1000, x = -1, y = -1;
    const char *s = strstr(nm_top_gtkw, "[size]");
    if (s) sscanf(s, "[size] %d %d", &sx, &sy);
    s = strstr(nm_top_gtkw, "[pos]");
    if (s) sscanf(s, "[pos] %d %d", &x, &y);
    fprintf(f, "[size] %d %d\n[pos] %d %d\n", sx, sy, x, y);
  }
  fprintf(f, "*%f -1", gtkw_fit_zoom(end, px));
  for (int i = 0; i < NAMED_MARKERS; i++) fprintf(f, " -1");
  fputc('\n', f);
  for (const char *s = nm_top_gtkw; *s;) {
    size_t len = strcspn(s, "\n");
    if (!replaced(s)) fprintf(f, "%.*s\n", (int)len, s);
    s += len;
    s += *s == '\n';
  }
  if (fclose(f) != 0) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    return -1;
  }
  return 0;
}
