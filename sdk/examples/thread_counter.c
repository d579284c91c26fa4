/*
 * Thread counter: the paper's debug/monitoring probe on the scheduler hook.
 * Counts, per thread, how often the scheduler switched to it, in the global
 * store: key = id of the thread switched in (low 32 bits), value += 1.
 *
 * Hook: scheduler (r1 = femto_sched_ctx_t *). Return value ignored.
 *
 * Unlike upstream's version (fetch, increment, store), the increment is one
 * atomic helper call: on femto4j the hook runs on many host threads at once,
 * and two runs doing fetch-then-store on the same key would lose a count.
 * A failure (quota exhausted: one more thread than the container may count)
 * is passed on as the return value, which the host logs.
 *
 * Build: clang -O2 -target bpf -mcpu=v3 -ffreestanding -I ../include -c thread_counter.c
 */
#include "femto4j.h"

int thread_counter(const femto_sched_ctx_t *ctx)
{
    if (ctx->next == 0) {
        return 0; /* switching to no thread (idle): nothing to count */
    }
    return bpf_add_global((uint32_t)ctx->next, 1, NULL);
}
