/*
 * Sensor average: the paper's periodic business logic. Each time its timer
 * fires it reads the temperature sensor and publishes the moving average of
 * the last WINDOW readings, in hundredths of a degree Celsius, at global key
 * AVERAGE_KEY (0x50), where coap_formatter.c picks it up.
 *
 * Hook: timer (r1 = femto_timer_ctx_t *), e.g. once a second. Returns 0, or a
 * negative value when there was no reading or publishing failed (logged).
 *
 * Upstream's version loops forever around bpf_ztimer_periodic_wakeup and keeps
 * the window on its stack. A femto4j container runs to completion on each
 * event instead, so the window lives in the container's local store between
 * runs: local keys 0..WINDOW-1 hold the last readings (as int16 in uint32),
 * local key COUNT_KEY how many readings were taken. Like upstream, the first
 * reading fills the whole window, so the average starts at that reading.
 * Negative temperatures are stored as two's complement: cast back to int16_t.
 *
 * Build: clang -O2 -target bpf -mcpu=v3 -ffreestanding -I ../include -c sensor_average.c
 */
#include "femto4j.h"

#define AVERAGE_KEY 0x50 /* global key of the published average */
#define WINDOW      8    /* readings averaged; a power of two, so the mean is a shift */
#define WINDOW_LOG2 3
#define COUNT_KEY   WINDOW /* local key: readings taken so far */
#define CENTI       (-2)   /* scale of stored readings: 10^-2 degrees */

_Static_assert(WINDOW == 1 << WINDOW_LOG2, "WINDOW must be 2^WINDOW_LOG2");

int sensor_average(const femto_timer_ctx_t *ctx)
{
    (void)ctx;
    femto_saul_dev_t *sensor = bpf_saul_reg_find_type(SAUL_SENSE_TEMP);
    femto_phydat_t reading;
    if (sensor == NULL || bpf_saul_reg_read(sensor, &reading) < 1) {
        return -1;
    }
    int16_t now = femto_rescale(reading.val[0], reading.scale, CENTI);

    uint32_t count = 0;
    bpf_fetch_local(COUNT_KEY, &count);
    if (count == 0) {
        for (uint32_t i = 0; i < WINDOW; i++) {
            bpf_store_local(i, (uint32_t)(int32_t)now);
        }
    } else {
        bpf_store_local(count & (WINDOW - 1), (uint32_t)(int32_t)now);
    }
    /* Wrapping back to 0 after 2^32 readings would only refill the window. */
    bpf_store_local(COUNT_KEY, count + 1);

    int32_t sum = 0;
    for (uint32_t i = 0; i < WINDOW; i++) {
        uint32_t stored = 0;
        bpf_fetch_local(i, &stored);
        sum += (int16_t)stored;
    }
    /* An arithmetic shift, not a division: eBPF before v4 has no signed
     * division. It rounds toward minus infinity. */
    int32_t average = sum >> WINDOW_LOG2;
    return bpf_store_global(AVERAGE_KEY, (uint32_t)average);
}
