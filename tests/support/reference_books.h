// The spec's version-2 reference scenario (shared/spec/examples): its event
// bodies and its reports, one per book, as exact bytes.
//
// scenario-v2.books.json is Python's json.dumps(books, indent=1) + "\n". Each
// book's value starts on the line ` "<label>": {` and ends at the first later
// line that is exactly ` }` or ` },`; json.dumps(value, indent=1) of that
// value is the same lines with the one space of nesting removed (the first
// line becomes `{`), plus "\n". Splitting the text keeps the reference's own
// bytes (no re-serialisation of its floats); naive_oracle_test checks that
// each piece parses to the same JSON as the file's entry.
#pragma once

#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace subledger::testing {

inline const std::string kExamples = SUBLEDGER_SHARED_DIR "/spec/examples/";

inline std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Book label ("platform/live", "acct_…/test") -> that book's report bytes.
inline std::map<std::string, std::string> SplitBooks(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line, label, body;
  while (std::getline(in, line)) {
    if (label.empty()) {
      if (line.rfind(" \"", 0) == 0 && line.size() > 5 && line.compare(line.size() - 4, 4, "\": {") == 0) {
        label = line.substr(2, line.size() - 6);
        body = "{\n";
      }
      continue;
    }
    if (line == " }" || line == " },") {
      out[label] = body + "}\n";
      label.clear();
      continue;
    }
    body += line.substr(1) + "\n";
  }
  return out;
}

inline std::vector<std::string> ScenarioBodies() { return Lines(kExamples + "scenario-v2.jsonl"); }
inline std::map<std::string, std::string> ReferenceBooks() {
  return SplitBooks(Slurp(kExamples + "scenario-v2.books.json"));
}

// The bodies in a random order, ~30 % delivered twice, and some ids
// delivered a third time LATER with a different body (which must lose: the
// log keeps the first body of an id).
inline std::vector<std::string> Redelivered(std::vector<std::string> bodies, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const size_t n = bodies.size();
  for (size_t i = 0; i < n; ++i) {
    if (rng() % 10 < 3) bodies.push_back(bodies[i]);
  }
  std::shuffle(bodies.begin(), bodies.end(), rng);
  std::vector<std::string> out;
  for (const std::string& b : bodies) {
    out.push_back(b);
    if (rng() % 20 != 0) continue;
    nlohmann::json j = nlohmann::json::parse(b);
    j["data"]["object"]["status"] = "canceled";
    j["created"] = j["created"].get<int64_t>() + 86400 * 40;
    out.push_back(j.dump());
  }
  return out;
}

}  // namespace subledger::testing
