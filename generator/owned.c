/*
** Which files of a directory nmgen wrote (see owned.h).
**
** The manifest is read by a small JSON scanner: anything that is not
** well-formed JSON, or lists a path nmgen could not have written (absolute,
** "..", deeper than one subdirectory), makes the directory not nmgen's.
*/
#define _XOPEN_SOURCE 700
#include "owned.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAX (1L << 20)

typedef struct {
  const char *p, *end;
  int bad;        /* not JSON, or not an nmgen manifest */
  int generator;  /* "generator": "nmgen" seen at the top */
} jscan;

static void skip_ws(jscan *j) {
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t')) j->p++;
}

/* Consume c (after blanks) if it is next. */
static int eat(jscan *j, char c) {
  skip_ws(j);
  if (j->p < j->end && *j->p == c) return j->p++, 1;
  return 0;
}

/* A string into buf (escapes other than \" \\ \/ make it bad: nmgen writes none). */
static void jstring(jscan *j, char *buf, size_t len) {
  size_t n = 0;
  if (!eat(j, '"')) { j->bad = 1; return; }
  while (j->p < j->end && *j->p != '"') {
    char c = *j->p++;
    if ((unsigned char)c < 0x20) { j->bad = 1; return; }
    if (c == '\\') {
      if (j->p >= j->end || !*j->p || !strchr("\"\\/", *j->p)) { j->bad = 1; return; }
      c = *j->p++;
    }
    if (n + 1 < len) buf[n++] = c;
    else j->bad = 1;
  }
  if (!eat(j, '"')) j->bad = 1;
  buf[n] = '\0';
}

static void jvalue(jscan *j, int depth, owned_list *l, const char *key);

/* An object; keys "file" (inside a module) and "files" feed l. */
static void jobject(jscan *j, int depth, owned_list *l) {
  char key[64];
  if (eat(j, '}')) return;
  do {
    jstring(j, key, sizeof key);
    if (j->bad || !eat(j, ':')) { j->bad = 1; return; }
    jvalue(j, depth + 1, l, key);
  } while (!j->bad && eat(j, ','));
  if (!eat(j, '}')) j->bad = 1;
}

static void jarray(jscan *j, int depth, owned_list *l, const char *key) {
  if (eat(j, ']')) return;
  do jvalue(j, depth + 1, l, key);
  while (!j->bad && eat(j, ','));
  if (!eat(j, ']')) j->bad = 1;
}

/* A path nmgen writes: "a" or "a/b", no empty, "." or ".." part. */
static int plausible(const char *p) {
  const char *slash = strchr(p, '/');
  if (!*p || *p == '/' || (slash && (strchr(slash + 1, '/') || !slash[1]))) return 0;
  return strncmp(p, "./", 2) && strncmp(p, "../", 3) && strcmp(p, ".") && strcmp(p, "..") &&
         !strstr(p, "/./") && !strstr(p, "/../") && strcmp(slash ? slash : "", "/.") &&
         strcmp(slash ? slash : "", "/..");
}

static void add_path(jscan *j, owned_list *l, const char *p) {
  if (!plausible(p) || l->count >= OWNED_MAX) { j->bad = 1; return; }
  snprintf(l->path[l->count++], OWNED_PATH, "%s", p);
}

/* Any value; key is the member it belongs to ("" at the top).  Strings
** under "files" (depth 2) and "file" (in modules, depth 3) are listed. */
static void jvalue(jscan *j, int depth, owned_list *l, const char *key) {
  char s[OWNED_PATH];
  skip_ws(j);
  if (depth > 8 || j->p >= j->end) { j->bad = 1; return; }
  if (*j->p == '{') { j->p++, jobject(j, depth, l); return; }
  if (*j->p == '[') { j->p++, jarray(j, depth, l, key); return; }
  if (*j->p == '"') {
    jstring(j, s, sizeof s);
    if (!j->bad && ((depth == 2 && !strcmp(key, "files")) || (depth == 3 && !strcmp(key, "file"))))
      add_path(j, l, s);
    if (!j->bad && depth == 1 && !strcmp(key, "generator")) j->generator = !strcmp(s, "nmgen");
    return;
  }
  const char *start = j->p; /* number, true, false, null */
  while (j->p < j->end && *j->p && strchr("+-.0123456789eEtruefalsn", *j->p)) j->p++;
  if (j->p == start) j->bad = 1;
}

static int listed(const owned_list *l, const char *rel) {
  for (int i = 0; i < l->count; i++)
    if (!strcmp(l->path[i], rel)) return 1;
  return 0;
}

int owned_read(const char *dir, owned_list *l) {
  char path[4200];
  snprintf(path, sizeof path, "%s/manifest.json", dir);
  l->count = 0;
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) return -1; /* a FIFO would block the read */
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  char *text = malloc(MANIFEST_MAX + 1);
  size_t n = text ? fread(text, 1, MANIFEST_MAX + 1, f) : 0;
  fclose(f);
  if (!text) return -1;
  jscan j = {text, text + n, n > MANIFEST_MAX, 0};
  if (!j.bad && eat(&j, '{')) jobject(&j, 0, l);
  else j.bad = 1;
  skip_ws(&j);
  int ok = !j.bad && j.p == j.end && j.generator;
  free(text);
  if (!ok || !listed(l, "manifest.json")) { /* nmgen lists its manifest */
    l->count = 0;
    return -1;
  }
  return 0;
}

/* Is sub ("rtl") the directory part of a listed path? */
static int listed_dir(const owned_list *l, const char *sub) {
  size_t n = strlen(sub);
  for (int i = 0; i < l->count; i++)
    if (!strncmp(l->path[i], sub, n) && l->path[i][n] == '/') return 1;
  return 0;
}

/* Check the entries of dir/sub (sub "" for dir itself) against l. */
static int check_level(const char *dir, const char *sub, const owned_list *l, char *foreign,
                       size_t len) {
  char path[4400], rel[OWNED_PATH + 256];
  snprintf(path, sizeof path, "%s%s%s", dir, *sub ? "/" : "", sub);
  DIR *d = opendir(path);
  if (!d) {
    snprintf(foreign, len, "%s", *sub ? sub : ".");
    return -1;
  }
  int rc = 0;
  for (struct dirent *e; rc == 0 && (e = readdir(d));) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    struct stat st;
    snprintf(rel, sizeof rel, "%s%s%s", sub, *sub ? "/" : "", e->d_name);
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    int is_dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (is_dir && !*sub && listed_dir(l, rel)) rc = check_level(dir, rel, l, foreign, len);
    else if (is_dir || !listed(l, rel)) {
      snprintf(foreign, len, "%s", rel);
      rc = -1;
    }
  }
  closedir(d);
  return rc;
}

int owned_check(const char *dir, const owned_list *l, char *foreign, size_t len) {
  foreign[0] = '\0';
  return check_level(dir, "", l, foreign, len);
}

int owned_remove(const char *dir, const owned_list *l) {
  char path[4400];
  for (int i = 0; i < l->count; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, l->path[i]);
    unlink(path); /* a file the user already deleted is fine */
  }
  for (int i = 0; i < l->count; i++) {
    const char *slash = strchr(l->path[i], '/');
    if (!slash) continue;
    snprintf(path, sizeof path, "%s/%.*s", dir, (int)(slash - l->path[i]), l->path[i]);
    rmdir(path); /* once per listed file in it: only the first succeeds */
  }
  return rmdir(dir);
}
