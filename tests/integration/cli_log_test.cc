// The log's CLI (`subledger import|export|verify`) run as real processes on
// temp data dirs: formats, counts, malformed input, byte-identical round
// trips through Stripe's own payloads, verify, and a held database.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "ledger/column_families.h"
#include "ledger/event_log.h"
#include "ledger/record_codec.h"
#include "tests/support/event_fixtures.h"
#include "tests/support/subledger_cli.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_paths.h"

namespace subledger::testing {
namespace {

constexpr const char* kLocked = "the database is locked by another process (is subledgerd running?)";

std::string Trimmed(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string IdOf(const std::string& body) {
  const std::string key = "\"id\":\"";
  size_t p = body.find(key);
  if (p == std::string::npos) return "";
  p += key.size();
  return body.substr(p, body.find('"', p) - p);
}

// Every Stripe event file under <shared>/fixtures/stripe (top level an object
// with "object":"event" and string id/type), sorted by path.
std::vector<EventFixture> EventFiles() {
  std::vector<EventFixture> out;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(SharedDir() + "/fixtures/stripe")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::string body = ReadFile(entry.path().string());
    auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) continue;
    auto object = j.find("object"), id = j.find("id"), type = j.find("type");
    if (object == j.end() || *object != "event" || id == j.end() || !id->is_string() ||
        type == j.end() || !type->is_string()) {
      continue;
    }
    out.push_back({entry.path().string(), std::move(body), id->get<std::string>(),
                   type->get<std::string>()});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

class CliLogTest : public ::testing::Test {
 protected:
  std::string Dir() const { return tmp_.Sub("data"); }
  CommandResult Import(std::vector<std::string> files, const std::string& dir = "") {
    std::vector<std::string> args = {"import", "--data-dir", dir.empty() ? Dir() : dir};
    args.insert(args.end(), files.begin(), files.end());
    return RunSubledger(args);
  }
  std::vector<ExportedEvent> Stored(const std::string& dir = "") {
    ExportResult r = ReadLogDirectly(dir.empty() ? Dir() : dir);
    EXPECT_TRUE(r.ok()) << r.error;
    return r.events;
  }
  TempDir tmp_{"subledger-cli-log-"};
};

TEST_F(CliLogTest, ImportsJsonLinesSkippingDuplicatesAndExportsThemByteForByte) {
  const std::string path = SharedDir() + "/spec/examples/scenario-v2.jsonl";
  // Expected: the first delivery of each id, in file order.
  std::vector<std::string> expected;
  std::set<std::string> ids;
  size_t lines = 0;
  for (const std::string& line : Lines(ReadFile(path))) {
    if (Trimmed(line).empty()) continue;
    ++lines;
    if (ids.insert(IdOf(line)).second) expected.push_back(Trimmed(line));
  }
  ASSERT_GT(lines, expected.size()) << "the scenario has duplicate deliveries";

  CommandResult r = Import({path});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("read " + std::to_string(lines) + ", appended " +
                       std::to_string(expected.size()) + ", duplicates " +
                       std::to_string(lines - expected.size()) + ", rejected 0"),
            std::string::npos)
      << r.out;

  ExportResult exported = ExportLog(Dir());
  ASSERT_TRUE(exported.ok()) << exported.error;
  ASSERT_EQ(exported.events.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(exported.events[i].body, expected[i]) << "event " << i + 1;
  }
  EXPECT_EQ(exported.command.out.size(),
            [&] { size_t n = 0; for (auto& e : expected) n += e.size() + 1; return n; }());

  // Importing the same file again appends nothing.
  CommandResult again = Import({path});
  ASSERT_EQ(again.exit_code, 0) << again.Describe();
  EXPECT_NE(again.out.find("appended 0, duplicates " + std::to_string(lines)), std::string::npos)
      << again.out;
  EXPECT_EQ(VerifyLog(Dir()).exit_code, 0);
}

TEST_F(CliLogTest, RoundTripsStripesOwnPayloadsThroughImportAndExport) {
  const std::vector<EventFixture> fixtures = EventFiles();
  ASSERT_GT(fixtures.size(), 20u);
  std::vector<std::string> files;
  std::vector<EventFixture> first;  // first fixture per id, in argument order
  std::set<std::string> ids;
  size_t implausible = 0;  // revenue model v2 §1: refused at the door, reported, skipped
  for (const EventFixture& f : fixtures) {
    files.push_back(f.path);
    const auto j = nlohmann::json::parse(f.body);
    const int64_t created = j["created"].is_number_integer() ? j["created"].get<int64_t>() : 0;
    if (created < 1262304000) {
      ++implausible;
      continue;
    }
    if (ids.insert(f.id).second) first.push_back(f);
  }
  EXPECT_LE(implausible, 2u) << "most fixtures are real Stripe events";
  CommandResult r = Import(files);
  ASSERT_EQ(r.exit_code, implausible == 0 ? 0 : 1) << r.Describe();
  EXPECT_NE(r.out.find("total: read " + std::to_string(fixtures.size()) + ", appended " +
                       std::to_string(first.size())),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("rejected " + std::to_string(implausible)), std::string::npos) << r.out;

  // Stored: each file's bytes (without the surrounding whitespace), byte for byte.
  std::vector<ExportedEvent> stored = Stored();
  ASSERT_EQ(stored.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(stored[i].id, first[i].id);
    EXPECT_EQ(stored[i].body, Trimmed(first[i].body)) << first[i].path;
  }
  // Exported: one line each, byte-identical unless the body had line breaks.
  ExportResult exported = ExportLog(Dir());
  ASSERT_TRUE(exported.ok()) << exported.error;
  ASSERT_EQ(exported.events.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(exported.events[i].body, ExportedForm(Trimmed(first[i].body))) << first[i].path;
  }

  // The export imports into a fresh log and exports identically.
  const std::string export_file = tmp_.Sub("export.jsonl");
  WriteFile(export_file, exported.command.out);
  CommandResult reimport = Import({export_file}, tmp_.Sub("second"));
  ASSERT_EQ(reimport.exit_code, 0) << reimport.Describe();
  ExportResult second = ExportLog(tmp_.Sub("second"));
  ASSERT_TRUE(second.ok()) << second.error;
  EXPECT_EQ(second.command.out, exported.command.out);
}

TEST_F(CliLogTest, ImportsAJsonArrayKeepingEachElementsOriginalBytes) {
  const std::vector<std::string> elements = {
      "{\"id\":\"evt_arr_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":1700000001}",
      "{\n    \"id\": \"evt_arr_2\",\n    \"type\": \"charge.refunded\",\n    \"created\": 1700000002,\n"
      "    \"data\": {\"object\": {\"id\": \"ch_1\", \"object\": \"charge\", "
      "\"description\": \"brackets ] } [ { and an escaped quote \\\" and comma ,\"}}\n  }",
      "{ \"created\" : 1700000003 , \"type\" : \"customer.created\" , \"id\" : \"evt_arr_3\" , "
      "\"nested\" : [[1,2],[{\"a\":[]}]] }",
  };
  const std::string path = tmp_.Sub("events.json");
  WriteFile(path, "\xEF\xBB\xBF  [\n  " + elements[0] + ",\n  " + elements[1] + " ,\n" +
                      elements[2] + "\n]\n");
  CommandResult r = Import({path});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("read 3, appended 3, duplicates 0, rejected 0"), std::string::npos) << r.out;
  std::vector<ExportedEvent> stored = Stored();
  ASSERT_EQ(stored.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(stored[i].body, elements[i]);
  EXPECT_EQ(stored[1].id, "evt_arr_2");
  EXPECT_EQ(VerifyLog(Dir()).exit_code, 0);
}

TEST_F(CliLogTest, AMalformedLineIsReportedByNumberAndNothingFromItIsWritten) {
  const std::string path = tmp_.Sub("mixed.jsonl");
  WriteFile(path,
            SyntheticEvent("evt_good_1", 1700000001) + "\n" +
                "{\"id\":\"evt_broken\",\"type\":\"invoice.paid\",\"created\":17\n" +  // line 2
                SyntheticEvent("evt_good_2", 1700000002) + "\r\n" +
                "{\"id\":\"evt_no_type\",\"created\":1700000000}\n" +                   // line 4
                "\n" +
                "[\"not an object\"]\n" +                                              // line 6
                "  " + SyntheticEvent("evt_good_3", 1700000003) + "  \n");
  CommandResult r = Import({path});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_NE(r.err.find(path + ":2: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path + ":4: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\"type\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path + ":6: "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(":3: "), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("read 6, appended 3, duplicates 0, rejected 3"), std::string::npos) << r.out;

  std::vector<ExportedEvent> stored = Stored();
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[0].body, SyntheticEvent("evt_good_1", 1700000001));
  EXPECT_EQ(stored[1].body, SyntheticEvent("evt_good_2", 1700000002));
  EXPECT_EQ(stored[2].body, SyntheticEvent("evt_good_3", 1700000003));
  EXPECT_EQ(VerifyLog(Dir()).exit_code, 0);
}

TEST_F(CliLogTest, ABrokenArrayKeepsTheElementsBeforeTheBreak) {
  const std::string path = tmp_.Sub("broken.json");
  WriteFile(path, "[\n" + SyntheticEvent("evt_a1", 1700000001) + ",\n" +
                      "{\"id\":\"evt_bad\",\"type\":\"x\",\"created\":tru},\n" +  // line 3: bad JSON
                      SyntheticEvent("evt_a2", 1700000002) + "\n" +
                      SyntheticEvent("evt_a3", 1700000003) + "\n]\n");                  // line 5: no comma before
  CommandResult r = Import({path});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_NE(r.err.find(path + ":3: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path + ":5: expected ',' or ']'"), std::string::npos) << r.err;
  std::vector<ExportedEvent> stored = Stored();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].id, "evt_a1");
  EXPECT_EQ(stored[1].id, "evt_a2");
}

TEST_F(CliLogTest, ExportSinceSeqStartsAtThatSequenceNumber) {
  const std::string path = tmp_.Sub("five.jsonl");
  std::string text;
  for (int i = 1; i <= 5; ++i) text += SyntheticEvent("evt_s" + std::to_string(i), 1700000000 + i) + "\n";
  WriteFile(path, text);
  ASSERT_EQ(Import({path}).exit_code, 0);
  CommandResult r = RunSubledger({"export", "--data-dir", Dir(), "--since-seq", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out, SyntheticEvent("evt_s4", 1700000004) + "\n" + SyntheticEvent("evt_s5", 1700000005) + "\n");
  EXPECT_EQ(RunSubledger({"export", "--data-dir", Dir(), "--since-seq", "6"}).out, "");
  EXPECT_EQ(RunSubledger({"export", "--data-dir", Dir(), "--since-seq", "x"}).exit_code, 2);
}

TEST_F(CliLogTest, VerifyPassesOnAHealthyLogAndNamesTheProblemOnADamagedOne) {
  const std::string path = tmp_.Sub("three.jsonl");
  WriteFile(path, SyntheticEvent("evt_v1", 1700000001) + "\n" + SyntheticEvent("evt_v2", 1700000002) + "\n" +
                      SyntheticEvent("evt_v3", 1700000003) + "\n");
  ASSERT_EQ(Import({path}).exit_code, 0);
  CommandResult ok = VerifyLog(Dir());
  ASSERT_EQ(ok.exit_code, 0) << ok.Describe();
  EXPECT_NE(ok.out.find("verify: ok: 3 events"), std::string::npos) << ok.out;

  {  // Damage: drop evt_v2's index entry behind the log's back.
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), Dir(), &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const auto& n : names) families.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), Dir(), families, &handles, &db).ok());
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == storage::kEventIdsFamily) {
        EXPECT_TRUE(db->Delete(rocksdb::WriteOptions(), handles[i], "evt_v2").ok());
      }
    }
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }
  CommandResult bad = VerifyLog(Dir());
  EXPECT_EQ(bad.exit_code, 1) << bad.Describe();
  EXPECT_NE(bad.err.find("FAILED: record 2 (evt_v2): the event id is missing from the event_ids index"),
            std::string::npos)
      << bad.err;
}

TEST_F(CliLogTest, EveryCommandSaysSoWhenTheDatabaseIsHeld) {
  const std::string path = tmp_.Sub("one.jsonl");
  WriteFile(path, SyntheticEvent("evt_h1", 1700000001) + "\n");
  ASSERT_EQ(Import({path}).exit_code, 0);

  EventLogOptions options;
  options.data_dir = Dir();
  auto holder = EventLog::Open(options);  // stands in for a running subledgerd
  ASSERT_TRUE(holder.ok()) << holder.status().ToString();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"import", "--data-dir", Dir(), path},
        std::vector<std::string>{"export", "--data-dir", Dir()},
        std::vector<std::string>{"verify", "--data-dir", Dir()}}) {
    CommandResult r = RunSubledger(args);
    EXPECT_EQ(r.exit_code, 1) << args[0] << ": " << r.Describe();
    EXPECT_NE(r.err.find("subledger " + args[0] + ": open " + Dir() + ": " + kLocked),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "") << args[0];
  }
  (*holder)->Close();
  EXPECT_EQ(VerifyLog(Dir()).exit_code, 0);
}

TEST_F(CliLogTest, ReadersExplainAMissingLogAndImportWantsFiles) {
  CommandResult missing = RunSubledger({"export", "--data-dir", tmp_.Sub("nothing")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no event log here"), std::string::npos) << missing.err;
  EXPECT_EQ(RunSubledger({"verify", "--data-dir", tmp_.Sub("nothing")}).exit_code, 1);
  EXPECT_EQ(RunSubledger({"import", "--data-dir", Dir()}).exit_code, 2);
  CommandResult unreadable = Import({tmp_.Sub("no-such-file.jsonl")});
  EXPECT_EQ(unreadable.exit_code, 1);
  EXPECT_NE(unreadable.err.find("cannot read the file"), std::string::npos) << unreadable.err;
}

}  // namespace
}  // namespace subledger::testing

namespace subledger::testing {
namespace {

TEST_F(CliLogTest, ImportsFromStdinAndExplainsAMalformedPrettyPrintedFile) {
  CommandOptions options;
  options.stdin_data = SyntheticEvent("evt_stdin_1", 1700000001) + "\n" + SyntheticEvent("evt_stdin_2", 1700000002) + "\n";
  CommandResult piped = RunCommand({CliBinary(), "import", "--data-dir", Dir(), "-"}, options);
  ASSERT_EQ(piped.exit_code, 0) << piped.Describe();
  EXPECT_NE(piped.out.find("read 2, appended 2"), std::string::npos) << piped.out;

  const std::string path = tmp_.Sub("pretty.json");
  WriteFile(path, "{\n  \"id\": \"evt_pretty\",\n  \"type\": \"invoice.paid\",\n  \"created\": \"soon\"\n}\n");
  CommandResult r = Import({path});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_NE(r.err.find(path + ":1: the file is one JSON object over several lines, but not a valid "
                       "event: event envelope: \"created\" is not an integer"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Stored().size(), 2u);
}

}  // namespace
}  // namespace subledger::testing
