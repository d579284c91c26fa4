/*
 * Image fixture that must be REJECTED: takes the address of functions (an
 * lddw relocated against .text), which has no meaning in the femto-container
 * address space.
 */
static unsigned long inc1(unsigned long x) { return x + 1; }
static unsigned long inc2(unsigned long x) { return x + 2; }

unsigned long pick_fn(unsigned long x)
{
    unsigned long (*volatile p)(unsigned long) = x ? inc1 : inc2;
    return (unsigned long)p;
}
