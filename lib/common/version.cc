// The library version, set by CMake from project(VERSION).
#include "attrex/attrex.h"

namespace attrex {

const char* Version() { return ATTREX_VERSION_STRING; }

}  // namespace attrex
