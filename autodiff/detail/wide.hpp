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
// Four, below, is what such a loop writes its vectors in.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
#define BACKPROP_WIDE [[gnu::target_clones("avx512f", "avx2", "default")]]
#else
#define BACKPROP_WIDE
#endif

namespace backprop::detail {

// Four numbers in one vector register (GCC's vector extension, which clang
// has too): the compiler picks the instructions for each processor a
// BACKPROP_WIDE function is compiled for. Vectors go by reference: GCC
// warns that returning one changes the baseline's ABI.
typedef double Four [[gnu::vector_size(4 * sizeof(double))]];

// The four numbers from `from` on, and back (no alignment needed).
[[gnu::always_inline]] inline void load(Four& to, const double* from) { __builtin_memcpy(&to, from, sizeof(Four)); }
[[gnu::always_inline]] inline void store(double* to, const Four& from) { __builtin_memcpy(to, &from, sizeof(Four)); }

}  // namespace backprop::detail
