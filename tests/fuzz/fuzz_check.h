// The fuzz targets' assertion: on failure, print what broke and abort, which
// libFuzzer reports as a crash (and saves the input) and the replay test as a
// failed test. Active in every build type (no NDEBUG dependence).
#ifndef ATTREX_TESTS_FUZZ_FUZZ_CHECK_H_
#define ATTREX_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define ATTREX_FUZZ_CHECK(condition, ...)                                         \
  do {                                                                            \
    if (!(condition)) {                                                           \
      std::fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__,       \
                   #condition);                                                   \
      std::fprintf(stderr, __VA_ARGS__);                                          \
      std::fprintf(stderr, "\n");                                                 \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

#endif  // ATTREX_TESTS_FUZZ_FUZZ_CHECK_H_
