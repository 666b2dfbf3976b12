// Crc32c (ISA-L) against a naive bit-at-a-time CRC-32C.
#include "ledger/crc32c.h"

#include <random>
#include <string>

#include <gtest/gtest.h>

namespace subledger {
namespace {

// The definition: reflected Castagnoli polynomial, register inverted on entry and exit.
uint32_t NaiveCrc32c(std::string_view data, uint32_t crc) {
  uint32_t c = ~crc;
  for (unsigned char byte : data) {
    c ^= byte;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
  }
  return ~c;
}

TEST(Crc32cTest, IsTheStandardCrc32c) {
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc32c(""), 0u);
}

TEST(Crc32cTest, AgreesWithTheNaiveDefinitionOnEveryLengthAndStart) {
  std::mt19937_64 rng(5);
  std::string bytes(5000, '\0');
  for (char& b : bytes) b = static_cast<char>(rng());
  for (size_t start = 0; start < 9; ++start) {
    for (size_t n = 0; n + start <= bytes.size(); n += (n < 300 ? 1 : 97)) {
      const uint32_t crc = static_cast<uint32_t>(rng());
      const std::string_view data(bytes.data() + start, n);
      ASSERT_EQ(Crc32c(data, crc), NaiveCrc32c(data, crc)) << "start " << start << " length " << n;
    }
  }
}

TEST(Crc32cTest, ContinuesFromAPreviousValue) {
  const std::string text = "the WAL's records are checked piece by piece";
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    EXPECT_EQ(Crc32c(std::string_view(text).substr(cut), Crc32c(std::string_view(text).substr(0, cut))), Crc32c(text));
  }
}

}  // namespace
}  // namespace subledger
