/*
 * CoAP formatter: answers a CoAP request with the average temperature that
 * sensor_average.c publishes at global key 0x50, as text ("23.45", degrees
 * Celsius), with code 2.05 Content and Content-Format text/plain.
 *
 * Hook: CoAP (r1 = femto_coap_ctx_t *). Returns the response length (header,
 * options and payload), or a negative value, for which the host answers 5.00.
 *
 * Like upstream's formatter: format first, then build the response, then copy
 * the text to the payload if it fits. It differs in reading the value as a
 * signed fixed-point number (upstream printed a counter with fmt_u32_dec) and
 * in checking the room against ctx->buf_len instead of reading the packet.
 *
 * Build: clang -O2 -target bpf -mcpu=v3 -ffreestanding -I ../include -c coap_formatter.c
 */
#include "femto4j.h"

#define AVERAGE_KEY 0x50
#define CENTI       (-2) /* the stored value is in 10^-2 degrees */

int coap_formatter(femto_coap_ctx_t *ctx)
{
    uint32_t average = 0;
    if (bpf_fetch_global(AVERAGE_KEY, &average) < 0) {
        return -1;
    }
    char text[16]; /* bpf_fmt_s16_dfp writes at most 13 characters */
    size_t text_len = bpf_fmt_s16_dfp(text, (int16_t)average, CENTI);

    if (bpf_gcoap_resp_init(ctx, COAP_CODE_CONTENT) < 0 || bpf_coap_add_format(ctx, COAP_FORMAT_TEXT) < 0) {
        return -1;
    }
    int header_len = bpf_coap_opt_finish(ctx, COAP_OPT_FINISH_PAYLOAD);
    if (header_len < 0 || (uint64_t)header_len > ctx->buf_len || text_len > ctx->buf_len - (uint64_t)header_len) {
        return -1;
    }
    bpf_memcpy(bpf_coap_get_pdu(ctx), text, text_len);
    return header_len + (int)text_len;
}
