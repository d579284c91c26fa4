/*
 * Image fixture: the smallest object with each relocation kind: a .rodata
 * string, a .bss counter and a call to a global function. Small enough to
 * test truncation at every length. tiny is defined first so that it lands at
 * text offset 0, the default entry point.
 */
static const char tag[] = "tiny";
unsigned long hits;

unsigned long bump(unsigned long n);

unsigned long tiny(unsigned long n)
{
    return bump(n) + tag[n & 3];
}

__attribute__((noinline)) unsigned long bump(unsigned long n)
{
    hits += n;
    return hits;
}
