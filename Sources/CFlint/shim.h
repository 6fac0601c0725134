// FLINT, Arb and Calcium for Swift (Debian: libflint-dev, libflint-arb-dev,
// libcalcium-dev, libantic-dev; installed by scripts/ensure-system-libraries.sh).
//
// Calcium's `ca` gives exact real and complex numbers with a decision procedure for
// zero that is sound (a TRUE or FALSE answer is a theorem; UNKNOWN is possible);
// `ca_poly` gives power series with such coefficients. Arb's `arb` and `arb_poly`
// give ball arithmetic (rigorous enclosures) and Taylor series of elementary
// functions at a ball. Some entry points are macros or inline functions; the
// wrappers below give them plain names. They add no behaviour of their own.
#ifndef CFLINT_SHIM_H
#define CFLINT_SHIM_H

#include <stdio.h>
#include <flint/flint.h>
#include <flint/fmpz.h>
#include <flint/fmpq.h>
#include <arb.h>
#include <arb_poly.h>
#include <arb_hypgeom.h>
#include <acb.h>
#include <calcium/ca.h>
#include <calcium/ca_poly.h>
#include <calcium/qqbar.h>

static inline int cflint_truth_is_true(truth_t t) { return t == T_TRUE; }
static inline int cflint_truth_is_false(truth_t t) { return t == T_FALSE; }

#endif
