// Fletcher-32 in JavaScript: the algorithm of sdk/examples/fletcher32.c over a Uint8Array.
// len / 2 little-endian 16-bit words; both sums start at 0xffff, are folded once per block of
// 359 words (they cannot exceed 2^32 before that, so doubles stay exact) and twice at the end.
function fletcher32(data, len) {
    var sum1 = 0xffff, sum2 = 0xffff, p = 0, words = len >>> 1;
    while (words > 0) {
        var block = words < 359 ? words : 359;
        words -= block;
        for (var end = p + 2 * block; p < end; p += 2) {
            sum1 += data[p] | (data[p + 1] << 8);
            sum2 += sum1;
        }
        sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    return (sum2 << 16) | sum1;
}

function toUint8Array(values) {
    var bytes = new Uint8Array(values.length);
    for (var i = 0; i < values.length; i++) {
        bytes[i] = values[i];
    }
    return bytes;
}
