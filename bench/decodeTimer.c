/*
 * Times every llama_decode call of a process, for comparing where a token's time goes in Hearth and in
 * llama-server: how long the decode itself takes and how long the process spends between two decodes
 * (sampling, JS, socket writes). It is preloaded into both, so the same clock measures the same call.
 *
 *   cc -O2 -shared -fPIC -o /tmp/decodeTimer.so bench/decodeTimer.c -ldl
 *   LD_PRELOAD=/tmp/decodeTimer.so DECODE_TIMER_LOG=/tmp/decodes.log <command that starts servers>
 *
 * Each process appends one line at exit: for generation steps of 1..8 tokens (one per sequence), the
 * count, median/mean/p10/p90 decode ms and the median/p90 gap since the previous decode of the same size.
 * Prompt batches are not recorded and break the gap chain. Linux only; a diagnostic, not part of the app.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The layout of llama.h's llama_batch, passed by value. */
struct llama_batch {
    int32_t n_tokens;
    void *token, *embd, *pos, *n_seq_id, **seq_id;
    int8_t *logits;
};
typedef int (*decode_fn)(void *ctx, struct llama_batch batch);

enum { max_step = 8, max_samples = 100000 };
static double decode_ms[max_step + 1][max_samples], gap_ms[max_step + 1][max_samples];
static int decodes[max_step + 1], gaps[max_step + 1];
static double last_end;
static int last_size;
static decode_fn real_decode;

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int find_llama(struct dl_phdr_info *info, size_t size, void *path) {
    (void) size;
    if (info->dlpi_name && strstr(info->dlpi_name, "libllama") && !strstr(info->dlpi_name, "common")) {
        *(const char **) path = info->dlpi_name;
        return 1;
    }
    return 0;
}

static decode_fn resolve_decode(void) {
    decode_fn fn = (decode_fn) dlsym(RTLD_NEXT, "llama_decode");
    if (fn) return fn;
    /* node-llama-cpp loads libllama with RTLD_LOCAL, out of RTLD_NEXT's reach: look it up by path. */
    const char *llama_path = NULL;
    dl_iterate_phdr(find_llama, &llama_path);
    void *handle = llama_path ? dlopen(llama_path, RTLD_NOW | RTLD_NOLOAD) : NULL;
    fn = handle ? (decode_fn) dlsym(handle, "llama_decode") : NULL;
    if (!fn) {
        fprintf(stderr, "decodeTimer: llama_decode not found\n");
        abort();
    }
    return fn;
}

int llama_decode(void *ctx, struct llama_batch batch) {
    if (!real_decode) real_decode = resolve_decode();
    int size = batch.n_tokens >= 1 && batch.n_tokens <= max_step ? batch.n_tokens : 0;
    double start = now_ms();
    if (size && last_size == size && gaps[size] < max_samples) gap_ms[size][gaps[size]++] = start - last_end;
    int result = real_decode(ctx, batch);
    double end = now_ms();
    if (size && decodes[size] < max_samples) decode_ms[size][decodes[size]++] = end - start;
    last_end = end;
    last_size = size;
    return result;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

__attribute__((destructor)) static void report(void) {
    int any = 0;
    for (int s = 1; s <= max_step; s++) any |= decodes[s];
    if (!any) return;
    const char *path = getenv("DECODE_TIMER_LOG");
    FILE *out = path ? fopen(path, "a") : stderr;
    if (!out) return;
    fprintf(out, "pid %d", getpid());
    for (int s = 1; s <= max_step; s++) {
        int n = decodes[s], g = gaps[s];
        if (!n) continue;
        qsort(decode_ms[s], n, sizeof(double), compare);
        qsort(gap_ms[s], g, sizeof(double), compare);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += decode_ms[s][i];
        fprintf(out, " | %d-token steps n=%d decode med=%.2f mean=%.2f p10=%.2f p90=%.2f gap med=%.2f p90=%.2f", s, n,
                decode_ms[s][n / 2], sum / n, decode_ms[s][n / 10], decode_ms[s][n * 9 / 10], g ? gap_ms[s][g / 2] : 0,
                g ? gap_ms[s][g * 9 / 10] : 0);
    }
    fprintf(out, "\n");
    if (path) fclose(out);
}
