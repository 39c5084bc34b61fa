// Symbol visibility for the attrex shared/static library.
#ifndef ATTREX_EXPORT_H_
#define ATTREX_EXPORT_H_

#if defined(_WIN32)
#define ATTREX_API
#else
#define ATTREX_API [[gnu::visibility("default")]]
#endif

#endif  // ATTREX_EXPORT_H_
