/*
** The STCE B-buffer layout (nm_stce.vt's header), the one definition every
** host-side writer of B uses.  R x C array, G = K/M groups per column;
** group g of column j of B is one word (MMAX fp16 lanes) in bank
** stce_b_bank() at word bbase + stce_b_word():
**
**   R <= C   bank j % C,             word (j / C) * G + g
**   R >  C   bank (j + g) % R,       word (j / R) * G + g   (skewed: a WS
**            K-tile's groups of one column and an OS beat's C columns of
**            one group sit in distinct banks)
**
** There are stce_b_banks() = max(R, C) banks, and a command's B needs
** stce_b_need() words per bank past bbase.  A and C layouts do not change
** with the shape (A: bank i % R; C: bank j % C).
*/
#ifndef NM_STCE_LAYOUT_H
#define NM_STCE_LAYOUT_H

#include <stdint.h>

static inline int stce_b_banks(int R, int C) { return R > C ? R : C; }

static inline int stce_b_bank(int R, int C, int g, int j) {
  return R > C ? (j + g) % R : j % C;
}

static inline unsigned stce_b_word(int R, int C, int G, int g, int j) {
  return (unsigned)((j / stce_b_banks(R, C)) * G + g);
}

/* Words per bank a command with J columns and G groups needs: ceil(J/NB)*G. */
static inline uint64_t stce_b_need(int R, int C, int G, int J) {
  uint64_t nb = (uint64_t)stce_b_banks(R, C);
  return ((uint64_t)J + nb - 1) / nb * (uint64_t)G;
}

#endif
