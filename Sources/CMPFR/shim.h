// Thin C shim over GMP and MPFR for Swift.
//
// GMP spells most of its API as macros (`#define mpq_add __gmpq_add`) and MPFR
// spells a few as macros only (`mpfr_sgn`); Swift imports neither.
// The static inline functions below give those entry points plain names. They add
// no behaviour of their own.
#ifndef CMPFR_SHIM_H
#define CMPFR_SHIM_H

#include <stdio.h>
#include <string.h>
#include <gmp.h>
#include <mpfr.h>

static inline int cmpfr_sgn(mpfr_srcptr x) { return mpfr_sgn(x); }

static inline void cgmp_q_init(mpq_ptr q) { mpq_init(q); }
static inline void cgmp_q_clear(mpq_ptr q) { mpq_clear(q); }
static inline void cgmp_q_set_si(mpq_ptr q, long n, unsigned long d) { mpq_set_si(q, n, d); mpq_canonicalize(q); }
static inline int cgmp_q_set_str(mpq_ptr q, const char *s, int base) {
    int rc = mpq_set_str(q, s, base);
    if (rc == 0) { if (mpz_sgn(mpq_denref(q)) == 0) return -1; mpq_canonicalize(q); }
    return rc;
}
static inline void cgmp_q_add(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_add(r, a, b); }
static inline void cgmp_q_sub(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_sub(r, a, b); }
static inline void cgmp_q_mul(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_mul(r, a, b); }
static inline void cgmp_q_div(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_div(r, a, b); }
static inline void cgmp_q_neg(mpq_ptr r, mpq_srcptr a) { mpq_neg(r, a); }
static inline void cgmp_q_abs(mpq_ptr r, mpq_srcptr a) { mpq_abs(r, a); }
static inline int cgmp_q_cmp(mpq_srcptr a, mpq_srcptr b) { return mpq_cmp(a, b); }
static inline int cgmp_q_equal(mpq_srcptr a, mpq_srcptr b) { return mpq_equal(a, b); }
static inline int cgmp_q_sgn(mpq_srcptr a) { return mpq_sgn(a); }
static inline char *cgmp_q_get_str(mpq_srcptr a) { return mpq_get_str(NULL, 10, a); }
static inline int cgmp_q_is_integer(mpq_srcptr a) { return mpz_cmp_ui(mpq_denref(a), 1) == 0; }
static inline int cgmp_q_fits_slong(mpq_srcptr a) {
    return mpz_cmp_ui(mpq_denref(a), 1) == 0 && mpz_fits_slong_p(mpq_numref(a));
}
static inline long cgmp_q_get_si(mpq_srcptr a) { return mpz_get_si(mpq_numref(a)); }
/// Size in bits of numerator plus denominator: a cost guard for exact arithmetic.
static inline size_t cgmp_q_bits(mpq_srcptr a) {
    return mpz_sizeinbase(mpq_numref(a), 2) + mpz_sizeinbase(mpq_denref(a), 2);
}
/// r = a^e for a non-negative exponent e (exact).
static inline void cgmp_q_pow_ui(mpq_ptr r, mpq_srcptr a, unsigned long e) {
    mpz_pow_ui(mpq_numref(r), mpq_numref(a), e);
    mpz_pow_ui(mpq_denref(r), mpq_denref(a), e);
    mpq_canonicalize(r);
}
static inline void cgmp_free_str(char *s) {
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(s, strlen(s) + 1);
}
#endif
