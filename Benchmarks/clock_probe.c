/* Effective core clock: a chain of dependent 1-cycle adds, timed in CPU seconds.
 * /proc/cpuinfo reports the nominal clock (2596 MHz here); the VM runs boosted.
 *   cc -O2 Benchmarks/clock_probe.c -o /tmp/clock_probe && /tmp/clock_probe */
#include <stdio.h>
#include <time.h>
static double cpu(void){struct timespec t;clock_gettime(CLOCK_PROCESS_CPUTIME_ID,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(void){
  unsigned long n=2000000000UL; unsigned long x=0;
  double t0=cpu();
  __asm__ volatile(
    "1:\n\t"
    "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
    "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
    "sub $8, %1\n\tjnz 1b\n"
    : "+r"(x), "+r"(n));
  double dt=cpu()-t0;
  printf("dependent adds: %.3f GHz (%lu adds in %.3f s CPU)\n", 2000000000.0/dt/1e9, x, dt);
  return 0;
}
