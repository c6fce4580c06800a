#ifndef GERBANG_CSQLITE_SHIM_H
#define GERBANG_CSQLITE_SHIM_H

#include <sqlite3.h>

// Swift cannot import the SQLITE_TRANSIENT macro (a cast of -1 to a function
// pointer): this tells sqlite3_bind_text/blob to copy the bytes before returning.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
