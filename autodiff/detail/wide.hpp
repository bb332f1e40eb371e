// BACKPROP_WIDE marks a loop over many numbers (a layer's rows, an
// optimizer's update) to be compiled twice, for AVX2 and for the baseline
// x86-64, with the one the processor runs picked when the program loads
// (GCC's target_clones). Part of the engine's machinery (autodiff/detail/),
// not for users. The results are the same bit for bit: the same operations
// in the same order for each element, two or four elements at a time (AVX2
// alone does not let GCC fuse a multiply and an add). Elsewhere (other
// processors, clang, sanitized builds) the function is compiled once.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
#define BACKPROP_WIDE [[gnu::target_clones("avx2", "default")]]
#else
#define BACKPROP_WIDE
#endif
