// Where the tests find the binaries under test and the shared material.
// Values come from compile definitions set in tests/CMakeLists.txt.
#pragma once

#include <string>

namespace subledger::testing {

inline std::string BinaryDir() { return SUBLEDGER_BINARY_DIR; }
inline std::string SourceDir() { return SUBLEDGER_SOURCE_DIR; }
inline std::string SharedDir() { return SUBLEDGER_SHARED_DIR; }
// <build>/subledgerd and <build>/subledger.
inline std::string DaemonBinary() { return BinaryDir() + "/subledgerd"; }
inline std::string CliBinary() { return BinaryDir() + "/subledger"; }

}  // namespace subledger::testing
