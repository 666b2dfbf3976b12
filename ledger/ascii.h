// ASCII helpers for protocol text: case folding of tokens (HTTP header names,
// currency codes) and hex digits (JSON \u escapes). No locale, no UTF-8
// awareness: bytes outside the ASCII ranges named are left alone.
//
// Thread safety: pure function.
#pragma once

#include <string>

namespace subledger {

// A-Z become a-z.
std::string AsciiLower(std::string s);
// The value of a hex digit (0-9, a-f, A-F), -1 for any other byte.
int HexDigitValue(char c);

}  // namespace subledger
