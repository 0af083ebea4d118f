/*
** The entry point of sim/driver_freestanding's link: a bare-metal program
** made of this, the generated nm_driver.c and example.c, with no C library
** and no start files.  It is linked, never run; that the link succeeds is
** the proof that the driver and the example need no symbol from libc or
** libgcc (memset, memcpy, division helpers, stack protector).
*/
int nmd_example(void);
void _start(void);

void _start(void) {
  volatile int rc = nmd_example();
  (void)rc;
  for (;;) {
  }
}
