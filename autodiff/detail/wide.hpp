// BACKPROP_WIDE marks a loop over many numbers (a layer's rows, an
// optimizer's update) to be compiled three times, for AVX-512, AVX2 and the
// baseline x86-64, with the one the processor runs picked when the program
// loads (GCC's target_clones). Part of the engine's machinery
// (autodiff/detail/), not for users. The results are the same bit for bit:
// the same operations in the same order for each element, two, four or
// eight elements at a time; the library is built with -ffp-contract=off,
// so that no version fuses a multiply and an add (AVX-512 could). AVX-512
// pays where a loop waits on division and square roots (Adam's update: a
// processor with a full-width divider does eight at once). Elsewhere (other
// processors, clang, sanitized builds) the function is compiled once.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
#define BACKPROP_WIDE [[gnu::target_clones("avx512f", "avx2", "default")]]
#else
#define BACKPROP_WIDE
#endif
