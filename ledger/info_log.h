// InfoLog: where RocksDB's diagnostic messages go, instead of RocksDB's own
// LOG writer.
//
// RocksDB 7.8's own info-log writer aborts the process (an assertion in
// WritableFileWriter, compiled into Debian's build) when it writes again
// after one failed write -- which is exactly what happens when the disk is
// full. This logger appends warnings and errors to <data dir>/LOG with stdio
// and, after a failed write, silently stops: the database's own Statuses
// still report the problem.
//
// Readers (read-only opens) use a logger that writes nothing, so export and
// verify never touch the data dir.
//
// Thread safety: Logv may be called from any RocksDB thread.
#pragma once

#include <memory>
#include <string>

namespace rocksdb {
class Logger;
}

namespace subledger {

// Appends to `path` (created if missing); nullptr-safe: if the file cannot be
// opened, the logger discards everything.
std::shared_ptr<rocksdb::Logger> NewInfoLogFile(const std::string& path);
// Discards everything.
std::shared_ptr<rocksdb::Logger> NewDiscardingInfoLog();

}  // namespace subledger
