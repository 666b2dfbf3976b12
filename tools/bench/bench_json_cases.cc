#include "tools/bench/bench_json_cases.h"

#include "ledger/event_envelope.h"

namespace subledger::bench {
namespace {

struct Case {
  const char* name;
  std::string body;
  bool valid;
};

bool Same(const EventEnvelope& a, const EventEnvelope& b) {
  return a.id == b.id && a.type == b.type && a.created == b.created && a.object_id == b.object_id &&
         a.object_type == b.object_type && a.livemode == b.livemode && a.api_version == b.api_version &&
         a.account == b.account;
}

// `body` with `member` ("key": value,) inserted first in the object that opens at `at`.
std::string Insert(const std::string& body, size_t at, const std::string& member) {
  std::string s = body;
  s.insert(s.find('{', at) + 1, member);
  return s;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

std::vector<Case> Cases(const std::string& b) {
  const size_t data_object = b.find("\"object\": {", b.find("\"data\""));
  const std::string deep64 = std::string(63, '[') + std::string(63, ']');  // + the root: 64 containers
  const std::string deep65 = std::string(64, '[') + std::string(64, ']');
  const size_t created = b.find("\"created\": ") + 11;
  const std::string created_value = b.substr(created, b.find(',', created) - created);
  return {
      {"as generated", b, true},
      {"duplicate top-level key", Insert(b, 0, "\"type\": \"x\","), false},
      {"duplicate top-level key, escaped", Insert(b, 0, "\"\\u0069d\": \"evt_x\","), false},
      {"duplicate \"object\" in data", Insert(b, b.find("\"data\""), "\"object\": {},"), false},
      {"duplicate \"id\" in data.object", Insert(b, data_object, "\"id\": \"x\","), false},
      {"duplicate key deeper (valid JSON)", Insert(b, data_object, "\"m\": {\"k\": 1, \"k\": 2},"), true},
      {"invalid UTF-8 byte", Insert(b, 0, "\"x\": \"\xff\","), false},
      {"overlong UTF-8", Insert(b, 0, "\"x\": \"\xc0\xaf\","), false},
      {"UTF-8 surrogate bytes", Insert(b, 0, "\"x\": \"\xed\xa0\x80\","), false},
      {"4-byte UTF-8 (valid)", Insert(b, 0, "\"x\": \"\xf0\x9f\x98\x80 caf\xc3\xa9\","), true},
      {"lone surrogate escape", Insert(b, 0, "\"x\": \"\\ud800\","), false},
      {"surrogate pair escape (valid)", Insert(b, 0, "\"x\": \"\\ud83d\\ude00\","), true},
      {"bad escape", Insert(b, 0, "\"x\": \"\\q\","), false},
      {"raw control character", Insert(b, 0, "\"x\": \"a\x01\","), false},
      {"64 nested containers (valid)", Insert(b, 0, "\"deep\": " + deep64 + ","), true},
      {"65 nested containers", Insert(b, 0, "\"deep\": " + deep65 + ","), false},
      {"integer past int64", Insert(b, 0, "\"big\": 9223372036854775808,"), false},
      {"int64 min (valid)", Insert(b, 0, "\"small\": -9223372036854775808,"), true},
      {"float overflow", Insert(b, 0, "\"huge\": 1e400,"), false},
      {"\"created\" not an integer literal", Replace(b, "\"created\": " + created_value, "\"created\": " + created_value + ".0"), false},
      {"NaN", Insert(b, 0, "\"n\": NaN,"), false},
      {"leading zero", Insert(b, 0, "\"z\": 01,"), false},
      {"trailing content", b + " x", false},
      {"trailing whitespace (valid)", b + " \n", true},
      {"truncated", b.substr(0, b.size() - 5), false},
      {"root is an array", "[" + b + "]", false},
      {"missing \"id\"", Replace(b, "\"id\": \"evt_", "\"xid\": \"evt_"), false},
      {"numeric \"account\"", Insert(b, 0, "\"account\": 5,"), false},
      {"null \"account\" (valid)", Insert(b, 0, "\"account\": null,"), true},
  };
}

// Both verdicts for one body; *same_envelope when both accepted with equal envelopes.
void Judge(const std::string& body, SimdjsonEnvelope& simd, bool* view_ok, bool* simd_ok, bool* same_envelope) {
  std::string padded = body;
  padded.reserve(body.size() + SimdjsonEnvelope::Padding());
  const auto a = ExtractEnvelope(padded);
  const auto b = simd.Extract(padded, padded.capacity());
  *view_ok = a.ok();
  *simd_ok = b.ok();
  *same_envelope = a.ok() && b.ok() && Same(*a, *b);
}

}  // namespace

bool CheckParity(const std::vector<std::string>& bodies, SimdjsonEnvelope& simd, FILE* out) {
  size_t body_mismatches = 0;
  for (const std::string& body : bodies) {
    bool a = false, b = false, same = false;
    Judge(body, simd, &a, &b, &same);
    if (!same && ++body_mismatches <= 3) std::fprintf(out, "  DIFFERENT: json_view %d simdjson %d on\n%s\n", a, b, body.c_str());
  }
  size_t case_mismatches = 0;
  const std::vector<Case> cases = Cases(bodies.at(0));
  for (const Case& c : cases) {
    bool a = false, b = false, same = false;
    Judge(c.body, simd, &a, &b, &same);
    const bool agree = a == c.valid && b == c.valid && (!c.valid || same);
    if (!agree) {
      ++case_mismatches;
      std::fprintf(out, "  DISAGREE on \"%s\": expected %s, json_view %s, simdjson %s%s\n", c.name,
                   c.valid ? "valid" : "refused", a ? "accepts" : "refuses", b ? "accepts" : "refuses",
                   a && b && !same ? " (different envelopes)" : "");
    }
  }
  std::fprintf(out, "parity: %zu/%zu bodies give the same envelope; %zu/%zu edge cases judged alike and as expected\n",
               bodies.size() - body_mismatches, bodies.size(), cases.size() - case_mismatches, cases.size());
  return body_mismatches == 0 && case_mismatches == 0;
}

}  // namespace subledger::bench
