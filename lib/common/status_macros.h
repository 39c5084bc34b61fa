// Internal error-propagation helpers (no exceptions anywhere in attrex).
#ifndef ATTREX_LIB_COMMON_STATUS_MACROS_H_
#define ATTREX_LIB_COMMON_STATUS_MACROS_H_

#include "attrex/status.h"

#define ATTREX_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::attrex::Status attrex_status_ = (expr);   \
    if (!attrex_status_.ok()) return attrex_status_; \
  } while (0)

#endif  // ATTREX_LIB_COMMON_STATUS_MACROS_H_
