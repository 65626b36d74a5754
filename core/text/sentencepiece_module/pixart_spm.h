/* The C interface of the sentencepiece module (libpixart_spm.so). Sentencepiece's bundled
 * protobuf clashes with libtorch's in one process (TOOLCHAIN.md, trap 1), so the core never links
 * sentencepiece: it dlopen()s this module (RTLD_LOCAL | RTLD_DEEPBIND) and calls these functions.
 * Plain C types only, no exceptions across the boundary. Errors: the function returns a failure
 * value and pixart_spm_last_error() (per thread) says why. */
#ifndef PIXART_SPM_H
#define PIXART_SPM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature below changes; the loader refuses a module of another version. */
#define PIXART_SPM_ABI_VERSION 1

typedef struct pixart_spm pixart_spm;

/* PIXART_SPM_ABI_VERSION of the module. */
int pixart_spm_abi_version(void);
/* Loads a sentencepiece model file; NULL on failure. */
pixart_spm* pixart_spm_open(const char* model_path);
void pixart_spm_free(pixart_spm* model);
/* Number of pieces of the model (ids 0 .. size-1). */
int pixart_spm_vocab_size(const pixart_spm* model);
/* Encodes UTF-8 text into pieces and maps each piece to its id the way transformers' slow
 * T5Tokenizer does (sp.encode(text, out_type=str), then piece_to_id per piece: a run of unknown
 * characters becomes one <unk>). Writes up to `capacity` ids and returns how many there are in all
 * (call again with a larger buffer when that exceeds capacity), or -1 on error. */
long pixart_spm_encode(const pixart_spm* model, const char* text, size_t length, int32_t* ids,
                       size_t capacity);
/* Id of a piece (the unknown id when it is not in the vocabulary). */
int pixart_spm_piece_to_id(const pixart_spm* model, const char* piece, size_t length);
/* Copies the piece of `id` (UTF-8, not NUL-terminated) into buffer and returns its full length,
 * or -1 when the id is out of range. */
long pixart_spm_id_to_piece(const pixart_spm* model, int id, char* buffer, size_t capacity);
/* Why the last call on this thread failed. */
const char* pixart_spm_last_error(void);

/* Function-pointer types for dlsym(). */
typedef int (*pixart_spm_abi_version_fn)(void);
typedef pixart_spm* (*pixart_spm_open_fn)(const char*);
typedef void (*pixart_spm_free_fn)(pixart_spm*);
typedef int (*pixart_spm_vocab_size_fn)(const pixart_spm*);
typedef long (*pixart_spm_encode_fn)(const pixart_spm*, const char*, size_t, int32_t*, size_t);
typedef int (*pixart_spm_piece_to_id_fn)(const pixart_spm*, const char*, size_t);
typedef long (*pixart_spm_id_to_piece_fn)(const pixart_spm*, int, char*, size_t);
typedef const char* (*pixart_spm_last_error_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* PIXART_SPM_H */
