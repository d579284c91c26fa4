/*
 * femto4j.h - what a femto4j container written in C can call and what it is given.
 *
 * One header, no other dependency than the compiler's own freestanding headers:
 *
 *     clang -O2 -target bpf -mcpu=v3 -ffreestanding -I sdk/include -c app.c -o app.o
 *
 * -O2 matters: the helpers below are constant function pointers, and only an
 * optimised build turns a call through them into the eBPF `call N` instruction
 * (at -O0 each call would load the pointer from .data, which needs a relocation).
 *
 * Contents:
 *   1. helper numbers: upstream Femto-Container numbers (0x01..0x61) and ours
 *      (0x1000 and up), see sdk/README.md for the table;
 *   2. store status codes (mirrors io.femto4j.runtime.store.StoreStatus);
 *   3. data types: phydat, SAUL device classes and units, CoAP constants;
 *   4. hook contexts: what r1 points to when each hook runs a container;
 *   5. the helper prototypes;
 *   6. small inline utilities.
 *
 * Every pointer a helper takes is checked by the host against the regions the
 * container was granted (its stack, its sections, its context, regions a helper
 * handed out); a bad pointer ends the run with a memory fault, nothing is
 * accessed. Upstream source compatibility: the helper names are upstream's
 * (bpf_store_global, ...), and the upstream type names phydat_t, bpf_saul_reg_t,
 * bpf_coap_ctx_t and f12r_coap_ctx_t are provided unless FEMTO4J_NO_UPSTREAM_NAMES
 * is defined.
 */
#ifndef FEMTO4J_H
#define FEMTO4J_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* 1. Helper numbers (the immediate of `call`)                               */
/* ------------------------------------------------------------------------ */

enum {
    /* Upstream Femto-Container numbers, same meaning. */
    FEMTO_HELPER_PRINTF                 = 0x01,
    FEMTO_HELPER_MEMCPY                 = 0x02,
    FEMTO_HELPER_STORE_LOCAL            = 0x10,
    FEMTO_HELPER_STORE_GLOBAL           = 0x11,
    FEMTO_HELPER_FETCH_LOCAL            = 0x12,
    FEMTO_HELPER_FETCH_GLOBAL           = 0x13,
    FEMTO_HELPER_NOW_MS                 = 0x20,
    FEMTO_HELPER_SAUL_REG_FIND_NTH      = 0x30,
    FEMTO_HELPER_SAUL_REG_FIND_TYPE     = 0x31,
    FEMTO_HELPER_SAUL_REG_READ          = 0x32,
    FEMTO_HELPER_SAUL_REG_WRITE         = 0x33,
    FEMTO_HELPER_GCOAP_RESP_INIT        = 0x40,
    FEMTO_HELPER_COAP_OPT_FINISH        = 0x41,
    FEMTO_HELPER_COAP_ADD_FORMAT        = 0x42,
    FEMTO_HELPER_COAP_GET_PDU           = 0x43,
    FEMTO_HELPER_FMT_S16_DFP            = 0x50,
    FEMTO_HELPER_FMT_U32_DEC            = 0x51,
    FEMTO_HELPER_STRLEN                 = 0x52,
    FEMTO_HELPER_ZTIMER_NOW             = 0x60,
    FEMTO_HELPER_ZTIMER_PERIODIC_WAKEUP = 0x61,

    /*
     * femto4j's own helpers, from 0x1000 so they can never collide with a
     * number upstream assigns later (upstream uses 0x01..0x61, grouped by 0x10).
     * 0x1000..0x100f: tenant store, the scope upstream describes but never built.
     * 0x1010..0x101f: atomic add, one per scope (local, tenant, global).
     * 0x1020..0x102f: atomic compare-and-exchange, one per scope.
     * Fetch followed by store is not atomic when hooks run on several threads
     * at once; these are.
     */
    FEMTO_HELPER_STORE_TENANT           = 0x1000,
    FEMTO_HELPER_FETCH_TENANT           = 0x1001,
    FEMTO_HELPER_ADD_LOCAL              = 0x1010,
    FEMTO_HELPER_ADD_TENANT             = 0x1011,
    FEMTO_HELPER_ADD_GLOBAL             = 0x1012,
    FEMTO_HELPER_CMPXCHG_LOCAL          = 0x1020,
    FEMTO_HELPER_CMPXCHG_TENANT         = 0x1021,
    FEMTO_HELPER_CMPXCHG_GLOBAL         = 0x1022,
};

/* ------------------------------------------------------------------------ */
/* 2. Store status codes: 0 is success, every error is negative             */
/* ------------------------------------------------------------------------ */

/* The operation was done. */
#define FEMTO_STORE_OK                   0
/* This container owns as many entries of this scope as its quota allows (for
 * the local store: the store is full). Updating an existing key still works. */
#define FEMTO_STORE_ERR_CONTAINER_QUOTA (-1)
/* Its tenant's containers together own as many global entries as the tenant
 * may, or the tenant store is full. */
#define FEMTO_STORE_ERR_TENANT_QUOTA    (-2)
/* The global store holds as many entries as the platform allows. */
#define FEMTO_STORE_ERR_STORE_FULL      (-3)
/* The container is being uninstalled; its stores are gone. */
#define FEMTO_STORE_ERR_DETACHED        (-4)

/* ------------------------------------------------------------------------ */
/* 3. Data types                                                            */
/* ------------------------------------------------------------------------ */

/* A pointer field laid out as 8 bytes whatever the pointer size, so a context
 * has the same layout for the eBPF guest and for any host. */
#define FEMTO_SHARED_PTR(type, name) \
    union {                          \
        type name;                   \
        uint64_t name##_bits;        \
    } __attribute__((aligned(8)))

/* Physical data, as RIOT's phydat_t: up to three values of one unit, each
 * meaning val * 10^scale (val[0] = 2345, scale = -2: 23.45). 8 bytes. */
#define FEMTO_PHYDAT_DIM 3
typedef struct {
    int16_t val[FEMTO_PHYDAT_DIM]; /* the values; unused ones are 0 */
    uint8_t unit;                  /* UNIT_* below */
    int8_t scale;                  /* power of ten of the values */
} femto_phydat_t;

/* A SAUL device (sensor or actuator) handle from the find helpers: opaque, it
 * can only be passed back to bpf_saul_reg_read/write. NULL means none. */
typedef void femto_saul_dev_t;

/* SAUL device classes, as RIOT's saul.h: category in the top two bits (0x40
 * actuator, 0x80 sensor), kind in the low six. Simple LEDs driven by a GPIO
 * register as SAUL_ACT_SWITCH; RGB LEDs as SAUL_ACT_LED_RGB. */
#define SAUL_CAT_ACT      0x40
#define SAUL_CAT_SENSE    0x80
#define SAUL_CAT_MASK     0xc0
#define SAUL_ACT_ANY      0x40
#define SAUL_ACT_LED_RGB  0x41
#define SAUL_ACT_SERVO    0x42
#define SAUL_ACT_MOTOR    0x43
#define SAUL_ACT_SWITCH   0x44
#define SAUL_ACT_DIMMER   0x45
#define SAUL_SENSE_ANY    0x80
#define SAUL_SENSE_BTN    0x81
#define SAUL_SENSE_TEMP   0x82
#define SAUL_SENSE_HUM    0x83
#define SAUL_SENSE_LIGHT  0x84
#define SAUL_SENSE_ACCEL  0x85
#define SAUL_CLASS_ANY    0xff

/* Units, as the first entries of RIOT's phydat.h. */
#define UNIT_UNDEF   0 /* unknown */
#define UNIT_NONE    1 /* no physical unit */
#define UNIT_TEMP_C  2 /* degree Celsius */
#define UNIT_TEMP_F  3 /* degree Fahrenheit */
#define UNIT_TEMP_K  4 /* Kelvin */

/* CoAP codes are class << 5 | detail. */
#define FEMTO_COAP_CODE(cls, detail) (((cls) << 5) | (detail))
#define COAP_CODE_CONTENT            FEMTO_COAP_CODE(2, 5)  /* 2.05 */
#define COAP_CODE_NOT_FOUND          FEMTO_COAP_CODE(4, 4)  /* 4.04 */
#define COAP_CODE_INTERNAL_SERVER_ERROR FEMTO_COAP_CODE(5, 0) /* 5.00 */
#define COAP_CODE_SERVICE_UNAVAILABLE FEMTO_COAP_CODE(5, 3) /* 5.03 */
/* Content-Format numbers (RFC 7252, section 12.3). */
#define COAP_FORMAT_TEXT  0  /* text/plain; charset=utf-8 */
#define COAP_FORMAT_JSON  50 /* application/json */
#define COAP_FORMAT_CBOR  60 /* application/cbor */
/* Flags of bpf_coap_opt_finish. */
#define COAP_OPT_FINISH_NONE    0x0000 /* no payload follows */
#define COAP_OPT_FINISH_PAYLOAD 0x0001 /* a payload follows: write the marker */

/* ------------------------------------------------------------------------ */
/* 4. Hook contexts: r1 of the entry function points to one of these        */
/* ------------------------------------------------------------------------ */

/*
 * Scheduler hook: runs on every thread switch. Read-only, 16 bytes.
 * Thread ids are the host's (non-zero); 0 means no thread (idle).
 * The return value is ignored.
 */
typedef struct {
    uint64_t previous; /* thread switched out */
    uint64_t next;     /* thread switched in */
} femto_sched_ctx_t;

/*
 * Timer hook: runs when a timer the container was installed with fires.
 * Read-only, 24 bytes. Times are microseconds on the host's monotonic clock
 * (bpf_ztimer_now gives its low 32 bits). A run that falls behind is not
 * queued up: the host skips firings that are already overdue, and `count`
 * then grows by more than one. The return value is ignored (logged if
 * negative).
 */
typedef struct {
    uint64_t now_us;       /* when this run started */
    uint64_t scheduled_us; /* when it was due: now_us - scheduled_us is the lateness */
    uint32_t period_us;    /* the timer's period; 0 for a one-shot timer */
    uint32_t count;        /* firings so far, this one included (1 the first time); wraps */
} femto_timer_ctx_t;

/*
 * CoAP hook: runs for a request to the resource the container serves, to
 * write the response. 24 bytes, the layout of upstream's f12r_coap_ctx_t.
 * `pkt` is an opaque handle of the request/response: do not dereference it,
 * the helpers take the context itself. `buf` is the response buffer, writable,
 * `buf_len` bytes long. Sequence: bpf_gcoap_resp_init, options
 * (bpf_coap_add_format), bpf_coap_opt_finish (returns the header and options
 * length), then write the payload at bpf_coap_get_pdu.
 * Return the total response length (header, options and payload, in bytes),
 * or a negative value: the host then answers 5.00 itself.
 */
typedef struct {
    FEMTO_SHARED_PTR(void *, pkt);    /* opaque request/response handle */
    FEMTO_SHARED_PTR(uint8_t *, buf); /* response buffer */
    uint64_t buf_len;                 /* its length in bytes */
} femto_coap_ctx_t;

/*
 * Sensor hook: runs when a SAUL device was read (by the host's polling, or by
 * another container). Read-only, 16 bytes. The return value is ignored.
 */
typedef struct {
    femto_phydat_t reading; /* what was read */
    uint32_t device;        /* its position in the registry, as bpf_saul_reg_find_nth takes it */
    uint8_t saul_class;     /* its class, e.g. SAUL_SENSE_TEMP */
    uint8_t dims;           /* how many of reading.val are valid, 1 to 3 */
    uint8_t reserved[2];    /* 0 */
} femto_sensor_ctx_t;

/* The layouts above are an interface with the Java host: keep them fixed. */
_Static_assert(sizeof(femto_phydat_t) == 8, "phydat layout");
_Static_assert(offsetof(femto_phydat_t, unit) == 6, "phydat layout");
_Static_assert(offsetof(femto_phydat_t, scale) == 7, "phydat layout");
_Static_assert(sizeof(femto_sched_ctx_t) == 16, "sched context layout");
_Static_assert(offsetof(femto_sched_ctx_t, next) == 8, "sched context layout");
_Static_assert(sizeof(femto_timer_ctx_t) == 24, "timer context layout");
_Static_assert(offsetof(femto_timer_ctx_t, scheduled_us) == 8, "timer context layout");
_Static_assert(offsetof(femto_timer_ctx_t, period_us) == 16, "timer context layout");
_Static_assert(offsetof(femto_timer_ctx_t, count) == 20, "timer context layout");
_Static_assert(sizeof(femto_coap_ctx_t) == 24, "coap context layout");
_Static_assert(offsetof(femto_coap_ctx_t, buf) == 8, "coap context layout");
_Static_assert(offsetof(femto_coap_ctx_t, buf_len) == 16, "coap context layout");
_Static_assert(sizeof(femto_sensor_ctx_t) == 16, "sensor context layout");
_Static_assert(offsetof(femto_sensor_ctx_t, device) == 8, "sensor context layout");
_Static_assert(offsetof(femto_sensor_ctx_t, saul_class) == 12, "sensor context layout");
_Static_assert(offsetof(femto_sensor_ctx_t, dims) == 13, "sensor context layout");

#ifndef FEMTO4J_NO_UPSTREAM_NAMES
typedef femto_phydat_t phydat_t;
typedef femto_saul_dev_t bpf_saul_reg_t;
typedef femto_coap_ctx_t bpf_coap_ctx_t;
typedef femto_coap_ctx_t f12r_coap_ctx_t;
#define PHYDAT_DIM FEMTO_PHYDAT_DIM
#endif

/* ------------------------------------------------------------------------ */
/* 5. Helpers                                                               */
/* ------------------------------------------------------------------------ */

/* Each helper is a constant function pointer whose value is its number:
 * clang -O2 -target bpf compiles a call through it to `call <number>`.
 * Arguments go in r1..r5 (at most five), the result comes back in r0. (The
 * integer is cast to the function pointer type directly, not through void *,
 * which ISO C does not convert to a function pointer.) */
#define FEMTO_HELPER(ret, name, args, number) \
    static ret(*const name) args __attribute__((unused)) = (ret(*) args)(uintptr_t)(number)

/* Standard library */

/* Prints to the host's log: fmt is a NUL-terminated string in a readable
 * region, followed by at most 4 integer arguments (%d %i %u %x %X %c %%; %s
 * takes a NUL-terminated string checked like fmt). Returns the number of
 * characters printed, or a negative value. Note that a string literal lives in
 * .rodata, so printf("...") needs a build that carries .rodata. */
FEMTO_HELPER(int, bpf_printf, (const char *fmt, ...), FEMTO_HELPER_PRINTF);
/* Copies n bytes from src (readable) to dest (writable); regions must not
 * overlap. Returns dest. */
FEMTO_HELPER(void *, bpf_memcpy, (void *dest, const void *src, size_t n), FEMTO_HELPER_MEMCPY);
/* Length of the NUL-terminated string s (readable up to and including its
 * NUL). */
FEMTO_HELPER(size_t, bpf_strlen, (const char *s), FEMTO_HELPER_STRLEN);

/* Key-value stores. Keys and values are uint32; a key never written reads as
 * 0, and storing 0 deletes the entry (it then no longer counts against any
 * quota). Store helpers return FEMTO_STORE_OK or a negative FEMTO_STORE_ERR_*;
 * a refused store changes nothing. Fetch helpers write the value to *value
 * (writable, 4 bytes) and return FEMTO_STORE_OK, or a negative error and leave
 * *value alone. Creating an entry counts against this container's quota (and
 * for the global store its tenant's); updating one does not. */
FEMTO_HELPER(int, bpf_store_local, (uint32_t key, uint32_t value), FEMTO_HELPER_STORE_LOCAL);
FEMTO_HELPER(int, bpf_store_global, (uint32_t key, uint32_t value), FEMTO_HELPER_STORE_GLOBAL);
FEMTO_HELPER(int, bpf_store_tenant, (uint32_t key, uint32_t value), FEMTO_HELPER_STORE_TENANT);
FEMTO_HELPER(int, bpf_fetch_local, (uint32_t key, uint32_t *value), FEMTO_HELPER_FETCH_LOCAL);
FEMTO_HELPER(int, bpf_fetch_global, (uint32_t key, uint32_t *value), FEMTO_HELPER_FETCH_GLOBAL);
FEMTO_HELPER(int, bpf_fetch_tenant, (uint32_t key, uint32_t *value), FEMTO_HELPER_FETCH_TENANT);

/* Atomic add: value += delta (modulo 2^32, a missing key counting as 0), in
 * one step even when other runs use the key at the same time. The new value
 * goes to *new_value unless it is NULL. Returns FEMTO_STORE_OK or a negative
 * error (nothing changed). */
FEMTO_HELPER(int, bpf_add_local, (uint32_t key, uint32_t delta, uint32_t *new_value), FEMTO_HELPER_ADD_LOCAL);
FEMTO_HELPER(int, bpf_add_tenant, (uint32_t key, uint32_t delta, uint32_t *new_value), FEMTO_HELPER_ADD_TENANT);
FEMTO_HELPER(int, bpf_add_global, (uint32_t key, uint32_t delta, uint32_t *new_value), FEMTO_HELPER_ADD_GLOBAL);

/* Atomic compare-and-exchange: if the value is `expected` (a missing key
 * counting as 0) it becomes `desired`. The value seen before goes to
 * *old_value unless it is NULL: the exchange happened if and only if it equals
 * `expected`. Returns FEMTO_STORE_OK (exchanged or not) or a negative error
 * (nothing changed). */
FEMTO_HELPER(int, bpf_cmpxchg_local, (uint32_t key, uint32_t expected, uint32_t desired, uint32_t *old_value),
             FEMTO_HELPER_CMPXCHG_LOCAL);
FEMTO_HELPER(int, bpf_cmpxchg_tenant, (uint32_t key, uint32_t expected, uint32_t desired, uint32_t *old_value),
             FEMTO_HELPER_CMPXCHG_TENANT);
FEMTO_HELPER(int, bpf_cmpxchg_global, (uint32_t key, uint32_t expected, uint32_t desired, uint32_t *old_value),
             FEMTO_HELPER_CMPXCHG_GLOBAL);

/* Time */

/* Milliseconds on the host's monotonic clock, low 32 bits (wraps after ~49 days). */
FEMTO_HELPER(uint32_t, bpf_now_ms, (void), FEMTO_HELPER_NOW_MS);
/* Microseconds on the host's monotonic clock, low 32 bits (wraps after ~71 minutes). */
FEMTO_HELPER(uint32_t, bpf_ztimer_now, (void), FEMTO_HELPER_ZTIMER_NOW);
/* Sleeps until *last_wakeup + period (microseconds), then sets *last_wakeup to
 * that time. It blocks the thread running the container: only containers the
 * host runs on a thread of their own may call it; a hook should use the timer
 * hook instead (the host refuses it elsewhere). */
FEMTO_HELPER(void, bpf_ztimer_periodic_wakeup, (uint32_t *last_wakeup, uint32_t period), FEMTO_HELPER_ZTIMER_PERIODIC_WAKEUP);

/* Sensors and actuators (SAUL) */

/* The device at position pos of the registry (0 is the first), or NULL. */
FEMTO_HELPER(femto_saul_dev_t *, bpf_saul_reg_find_nth, (int pos), FEMTO_HELPER_SAUL_REG_FIND_NTH);
/* The first device of class `type` (SAUL_SENSE_TEMP, ...), or NULL. */
FEMTO_HELPER(femto_saul_dev_t *, bpf_saul_reg_find_type, (uint8_t type), FEMTO_HELPER_SAUL_REG_FIND_TYPE);
/* Reads dev into *data (writable, 8 bytes). Returns how many values were read
 * (1 to 3), or a negative value (device unknown or unreadable). */
FEMTO_HELPER(int, bpf_saul_reg_read, (femto_saul_dev_t *dev, femto_phydat_t *data), FEMTO_HELPER_SAUL_REG_READ);
/* Writes *data (readable, 8 bytes) to dev, an actuator. Returns how many values
 * the device took (1 to 3), or a negative value. */
FEMTO_HELPER(int, bpf_saul_reg_write, (femto_saul_dev_t *dev, const femto_phydat_t *data), FEMTO_HELPER_SAUL_REG_WRITE);

/* CoAP responses (CoAP hook only: ctx is the hook's context) */

/* Starts the response with code `code` (COAP_CODE_CONTENT, ...). Returns 0 or
 * a negative value. */
FEMTO_HELPER(int, bpf_gcoap_resp_init, (femto_coap_ctx_t *ctx, unsigned code), FEMTO_HELPER_GCOAP_RESP_INIT);
/* Adds a Content-Format option (COAP_FORMAT_TEXT, ...). Returns the option's
 * length in bytes or a negative value. */
FEMTO_HELPER(int, bpf_coap_add_format, (femto_coap_ctx_t *ctx, uint32_t format), FEMTO_HELPER_COAP_ADD_FORMAT);
/* Ends the options (flags: COAP_OPT_FINISH_*). Returns the length of the
 * header and options in bytes: the payload starts there, with
 * ctx->buf_len minus that many bytes of room. Negative on error. */
FEMTO_HELPER(int, bpf_coap_opt_finish, (femto_coap_ctx_t *ctx, unsigned flags), FEMTO_HELPER_COAP_OPT_FINISH);
/* Where the payload goes, inside ctx->buf (valid after bpf_coap_opt_finish). */
FEMTO_HELPER(uint8_t *, bpf_coap_get_pdu, (femto_coap_ctx_t *ctx), FEMTO_HELPER_COAP_GET_PDU);

/* Formatting, as RIOT's fmt: no terminating NUL is written */

/* Writes val * 10^fp_digits in decimal (val -1234 and fp_digits -2: "-12.34";
 * val 5 and -2: "0.05"; val 12 and 2: "1200"). fp_digits is usually a phydat
 * scale, -7 to 7. Returns the length, at most 13 characters; out must be
 * writable for that length. */
FEMTO_HELPER(size_t, bpf_fmt_s16_dfp, (char *out, int16_t val, int fp_digits), FEMTO_HELPER_FMT_S16_DFP);
/* Writes val in decimal and returns its length, 1 to 10. */
FEMTO_HELPER(size_t, bpf_fmt_u32_dec, (char *out, uint32_t val), FEMTO_HELPER_FMT_U32_DEC);

#undef FEMTO_HELPER

/* ------------------------------------------------------------------------ */
/* 6. Inline utilities (compiled into the container, no helper call)        */
/* ------------------------------------------------------------------------ */

/*
 * val * 10^scale re-expressed as a multiple of 10^target, truncated toward
 * zero and clamped to the int16_t range (so it fits a phydat value and
 * bpf_fmt_s16_dfp). Loops are bounded (8 steps), and the division is unsigned:
 * eBPF before v4 has no signed division.
 */
static inline int16_t femto_rescale(int32_t val, int scale, int target)
{
    if (val == 0) {
        return 0;
    }
    int negative = val < 0;
    uint32_t magnitude = negative ? (uint32_t)(-(int64_t)val) : (uint32_t)val;
    for (int i = 0; i < 8 && scale > target; i++, scale--) {
        if (magnitude > 0x10000u) {
            magnitude = 0x10000u; /* already beyond int16_t: saturate, avoid overflow */
            break;
        }
        magnitude *= 10u;
    }
    for (int i = 0; i < 8 && scale < target; i++, scale++) {
        magnitude /= 10u;
    }
    if (scale != target) {
        magnitude = scale > target ? 0x10000u : 0u; /* more than 8 decades apart */
    }
    if (negative) {
        return magnitude >= 0x8000u ? INT16_MIN : (int16_t)-(int32_t)magnitude;
    }
    return magnitude > 0x7fffu ? INT16_MAX : (int16_t)magnitude;
}

#ifdef __cplusplus
}
#endif

#endif /* FEMTO4J_H */
