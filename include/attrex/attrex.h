// attrex: extracts states, agencies and threat actors from multilingual
// releases about cyber attacks, and resolves every alias to one canonical
// record.
//
// The umbrella header: include this one.
#ifndef ATTREX_ATTREX_H_
#define ATTREX_ATTREX_H_

#include "attrex/document.h"
#include "attrex/export.h"
#include "attrex/extractor.h"
#include "attrex/normalize.h"
#include "attrex/options.h"
#include "attrex/output.h"
#include "attrex/status.h"

namespace attrex {

// The library version, "MAJOR.MINOR.PATCH".
ATTREX_API const char* Version();

}  // namespace attrex

#endif  // ATTREX_ATTREX_H_
