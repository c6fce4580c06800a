#ifndef GERBANG_CCRYPTO_SHIM_H
#define GERBANG_CCRYPTO_SHIM_H

// OpenSSL's libcrypto, for the digests and MACs the national systems use
// (the OSS Token is SHA-1; webhook signatures are HMAC-SHA256). No
// cryptography is written here: these only call libcrypto's one-shot APIs.

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

/// SHA-1 of `length` bytes into `digest` (20 bytes).
static inline void ccrypto_sha1(const void *data, size_t length, unsigned char *digest) {
    SHA1((const unsigned char *)data, length, digest);
}

/// SHA-256 of `length` bytes into `digest` (32 bytes).
static inline void ccrypto_sha256(const void *data, size_t length, unsigned char *digest) {
    SHA256((const unsigned char *)data, length, digest);
}

/// HMAC-SHA256 into `digest` (32 bytes); returns 1 on success.
static inline int ccrypto_hmac_sha256(const void *key, int key_length, const void *data, size_t length, unsigned char *digest) {
    unsigned int written = 0;
    return HMAC(EVP_sha256(), key, key_length, (const unsigned char *)data, length, digest, &written) != NULL && written == 32;
}

/// Compares in time that does not depend on where the inputs differ; 0 when equal.
static inline int ccrypto_memcmp(const void *a, const void *b, size_t length) {
    return CRYPTO_memcmp(a, b, length);
}

/// Fills `buffer` with `length` bytes from OpenSSL's CSPRNG; returns 1 on success.
static inline int ccrypto_random(unsigned char *buffer, int length) {
    return RAND_bytes(buffer, length);
}

#endif
