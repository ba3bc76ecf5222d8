// zlib's deflate, inflate and CRC-32 for the ZIP writer and reader (Debian: zlib1g-dev). deflateInit2 and
// inflateInit2 are macros Swift cannot call.
#ifndef KAOXUE_CDEFLATE_H
#define KAOXUE_CDEFLATE_H
#include <zlib.h>

/// Raw deflate (no zlib header, as ZIP stores it) of `size` bytes at `input` into `output` (capacity from
/// `kaoxue_deflate_bound`) at `level` (1 fast … 9 small); returns the compressed size, or -1.
static inline long kaoxue_deflate(const unsigned char *input, unsigned long size, unsigned char *output, unsigned long capacity, int level) {
    z_stream stream = {0};
    if (deflateInit2(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    stream.next_in = (unsigned char *)input;
    stream.avail_in = (uInt)size;
    stream.next_out = output;
    stream.avail_out = (uInt)capacity;
    int status = deflate(&stream, Z_FINISH);
    long written = (long)stream.total_out;
    deflateEnd(&stream);
    return status == Z_STREAM_END ? written : -1;
}

/// An upper bound of the raw-deflated size of `size` bytes.
static inline unsigned long kaoxue_deflate_bound(unsigned long size) { return size + size / 1000 + 64 + (size >> 12) + (size >> 14) + (size >> 25) + 13; }

/// CRC-32 of `size` bytes at `bytes` (zlib's, vectorised).
static inline unsigned long kaoxue_crc32(const unsigned char *bytes, unsigned long size) { return crc32(0L, bytes, (uInt)size); }

/// CRC-32 of `size` more bytes at `bytes` after the CRC `crc` of those before.
static inline unsigned long kaoxue_crc32_update(unsigned long crc, const unsigned char *bytes, unsigned long size) { return crc32(crc, bytes, (uInt)size); }

/// Starts a raw inflate (ZIP's deflate, no zlib header) on `stream`; Z_OK when it started.
static inline int kaoxue_inflate_init(z_stream *stream) { return inflateInit2(stream, -15); }

#endif
