// Catch2's main(), compiled once on its own because it is slow to compile.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
