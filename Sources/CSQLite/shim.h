#ifndef GERBANG_CSQLITE_SHIM_H
#define GERBANG_CSQLITE_SHIM_H

#include <sqlite3.h>

// Swift cannot import the SQLITE_TRANSIENT macro (a cast of -1 to a function
// pointer): this tells sqlite3_bind_text/blob to copy the bytes before returning.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_config is variadic, which Swift cannot call. Memory statistics off: with them on, every allocation
// SQLite makes takes a process-wide mutex to count it (5% of the writer's instructions), and nothing reads them.
// Effective only before SQLite initializes, that is before the first connection opens.
static inline int csqlite_disable_memory_statistics(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

#endif
