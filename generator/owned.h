/*
** Which files of a directory nmgen wrote.
**
** An nmgen output is recognised by its manifest.json: "generator": "nmgen"
** and the files it lists ("files" and each module's "file").  nmgen deletes
** or replaces a directory only when every entry in it is one of those files
** (or rtl/, constraints/ holding them): a user's file is never removed.
*/
#ifndef NMGEN_OWNED_H
#define NMGEN_OWNED_H

#include <stddef.h>

#define OWNED_MAX 256      /* files one output may list */
#define OWNED_PATH 128     /* longest listed relative path */

typedef struct {
  char path[OWNED_MAX][OWNED_PATH];
  int count;
} owned_list;

/* Read DIR/manifest.json into l; -1 if it is missing or not nmgen's. */
int owned_read(const char *dir, owned_list *l);
/* 0 if every entry of DIR is in l; else -1 with the first other entry
** (relative to DIR) in foreign. */
int owned_check(const char *dir, const owned_list *l, char *foreign, size_t len);
/* Remove the listed files, their subdirectories and DIR; -1 if DIR stays. */
int owned_remove(const char *dir, const owned_list *l);

#endif
