/*
 * Temperature reader: returns the current reading of the first temperature
 * sensor, in hundredths of a degree Celsius (2345 is 23.45 C).
 *
 * Hook: any; the context is not used (e.g. run on demand by the host).
 * Returns the reading (-32768 to 32767), or, since every reading fits 16 bits,
 * an error below that range: TEMPERATURE_NO_SENSOR when the platform has no
 * temperature sensor, TEMPERATURE_READ_FAILED when reading it failed.
 *
 * Upstream's example takes the first SAUL device (find_nth) whatever it is;
 * this one asks for the temperature class and converts the reading's own
 * scale, so it works whatever the sensor's resolution.
 *
 * Build: clang -O2 -target bpf -mcpu=v3 -ffreestanding -I ../include -c temperature.c
 */
#include "femto4j.h"

#define TEMPERATURE_NO_SENSOR   (-0x10001)
#define TEMPERATURE_READ_FAILED (-0x10002)
#define CENTI                   (-2) /* the scale of the result: 10^-2 degrees */

int64_t temperature(void *ctx)
{
    (void)ctx;
    femto_saul_dev_t *sensor = bpf_saul_reg_find_type(SAUL_SENSE_TEMP);
    if (sensor == NULL) {
        return TEMPERATURE_NO_SENSOR;
    }
    femto_phydat_t reading;
    if (bpf_saul_reg_read(sensor, &reading) < 1) {
        return TEMPERATURE_READ_FAILED;
    }
    return femto_rescale(reading.val[0], reading.scale, CENTI);
}
