// The event_envelope target's properties (ExtractEnvelope against nlohmann and
// JsonDocument, event_envelope_target.cc) over seeded mutations of its seed
// corpus: byte edits, copies, truncations, and members inserted where the
// envelope is read (top level, "data", data.object) -- duplicate and escaped
// keys, numbers at the edges of int64 and double, deep nesting, bad strings.
// A deterministic slice of what a fuzzing run does, in every test run.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/event_envelope.h"
#include "tests/fuzz/fuzz_targets.h"

namespace subledger::fuzz {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Seeds() {
  std::vector<std::string> seeds;
  for (const auto& entry : fs::directory_iterator(fs::path(SUBLEDGER_SOURCE_DIR) / "tests/fuzz/corpus/event_envelope")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    if (!out.str().empty()) seeds.push_back(out.str());
  }
  return seeds;
}

const std::vector<std::string> kMembers = {
    R"("id": "x",)", R"("\u0069d": "evt_x",)", R"("type": 5,)", R"("created": 1.0,)", R"("created": -1,)",
    R"("created": 1e3,)", R"("created": 9223372036854775807,)", R"("created": 9223372036854775808,)",
    R"("created": "1",)", R"("account": 5,)", R"("account": null,)", R"("account": "acct_1",)",
    R"("livemode": 1,)", R"("livemode": true,)", R"("api_version": 3,)", R"("data": 1,)", R"("object": {},)",
    R"("\u006fbject": {},)", R"("id": null,)", R"("x": -0,)", R"("x": 1E+2,)", R"("x": -9223372036854775809,)",
    R"("x": 1e-400,)", R"("x": 1e400,)", R"("x": 4.9e-324,)", R"("x": 1.7976931348623159e308,)",
    R"("x": 18446744073709551616,)", R"("x": "\ud800\udc00",)", R"("x": "\udc00",)", R"("x": "\q",)",
    "\"x\": \"\x01\",", "\"x\": \"\xc0\xaf\",", "\"x\": \"\xf0\x9f\x98\x80\",", R"("": 1,)", R"("x": tru,)",
    R"("x": 1.,)", R"("x": .5,)", R"("x": 01,)", R"("id": "",)",
    "\"x\": " + std::string(63, '[') + std::string(63, ']') + ",",
    "\"x\": " + std::string(64, '[') + std::string(64, ']') + ",",
    // Under data.object (3 containers around): 61 brackets make 64, 62 make 65.
    "\"id\": " + std::string(61, '[') + std::string(61, ']') + ",",
    "\"id\": " + std::string(62, '[') + std::string(62, ']') + ",",
    "\"object\": " + std::string(62, '[') + std::string(62, ']') + ","};

// One member inserted after the first '{' at or after the key that names
// where (top level, "data", data.object).
void InsertMember(std::mt19937_64& rng, std::string* body) {
  size_t at = 0;
  if (rng() % 3 != 0) at = body->find("\"data\"");
  if (at != std::string::npos && rng() % 2 == 0) at = body->find("\"object\"", at);
  const size_t brace = body->find('{', at == std::string::npos ? 0 : at);
  if (brace != std::string::npos) body->insert(brace + 1, kMembers[rng() % kMembers.size()]);
}

void EditBytes(std::mt19937_64& rng, std::string* body) {
  static constexpr char kTokens[] = "{}[]\",:\\ \n0-e.E+truefalsnu\x01\xff\xc0\xed";
  if (body->empty()) body->push_back('{');
  const size_t at = rng() % body->size();
  switch (rng() % 4) {
    case 0: (*body)[at] = kTokens[rng() % (sizeof kTokens - 1)]; break;
    case 1: body->insert(at, 1, kTokens[rng() % (sizeof kTokens - 1)]); break;
    case 2: body->erase(at, 1 + rng() % 3); break;
    default: body->resize(at); break;
  }
}

TEST(EnvelopeMutationTest, EveryMutationKeepsTheTargetsProperties) {
  const std::vector<std::string> seeds = Seeds();
  ASSERT_FALSE(seeds.empty());
  std::mt19937_64 rng(20261205);
  int accepted = 0, invalid_json = 0, refused_envelope = 0;
  for (int round = 0; round < 40000; ++round) {
    std::string body = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) (rng() % 4 == 0) ? EditBytes(rng, &body) : InsertMember(rng, &body);
    FuzzEventEnvelope(body);  // aborts, naming the property, on a violation
    const Result<EventEnvelope> env = ExtractEnvelope(body);
    if (env.ok()) {
      ++accepted;
    } else {
      ++(env.status().message().rfind("invalid JSON", 0) == 0 ? invalid_json : refused_envelope);
    }
  }
  // Every branch of the properties ran, many times (the mix shows if the seeds drift).
  EXPECT_GT(accepted, 4000);
  EXPECT_GT(invalid_json, 4000);
  EXPECT_GT(refused_envelope, 4000);
}

}  // namespace
}  // namespace subledger::fuzz
