// subledger export: the log as JSON Lines, in sequence order, on stdout.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "ledger/event_log.h"
#include "tools/cli/command.h"
#include "tools/cli/command_flags.h"

namespace subledger::cli {
namespace {

constexpr char kUsage[] =
    "usage: subledger export --data-dir D [--since-seq N]\n"
    "Writes the log's events as JSON Lines to stdout in sequence order, starting at\n"
    "sequence number N (inclusive; default 1). Each line is the event body exactly as it\n"
    "was received, byte for byte, except a body containing line breaks (Stripe sends\n"
    "pretty-printed JSON): JSON Lines needs one line per event, so such a body is written\n"
    "minified (whitespace outside strings removed) -- the same JSON value, on one line.\n"
    "The output can be imported again with 'subledger import'.\n"
    "Works while subledgerd is stopped; if it holds the database, export says so.\n";

// Appends `json` to *out without whitespace outside strings. `json` is a
// body the log accepted, hence valid JSON: inside strings every control
// character is escaped, so whitespace there is never a raw line break.
void AppendMinified(std::string_view json, std::string* out) {
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out->push_back(c);
      if (c == '\\' && i + 1 < json.size()) {
        out->push_back(json[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out->push_back(c);
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      out->push_back(c);
    }
  }
}

int Export(const std::vector<std::string>& args) {
  CommandFlags a(args, {"--data-dir", "--since-seq"}, {"--help"});
  if (a.Has("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!a.error().empty() || !a.positional().empty()) {
    std::fprintf(stderr, "subledger export: %s\n%s",
                 a.error().empty() ? "unexpected argument" : a.error().c_str(), kUsage);
    return 2;
  }
  SequenceNumber since = 1;
  if (auto v = a.Value("--since-seq")) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long n = std::strtoull(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || errno != 0 || (*v)[0] == '-') {
      std::fprintf(stderr, "subledger export: --since-seq wants a sequence number, got '%s'\n",
                   v->c_str());
      return 2;
    }
    since = n;
  }
  EventLogOptions options;
  options.data_dir = a.Value("--data-dir").value_or("./data");
  options.read_only = true;
  auto log = EventLog::Open(options);
  if (!log.ok()) {
    std::fprintf(stderr, "subledger export: %s\n", log.status().message().c_str());
    return 1;
  }
  static char buffer[1 << 20];
  std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  std::string line;
  bool write_failed = false;
  Status s = (*log)->Scan(since, [&](const EventRecord& record) {
    line.clear();
    if (record.body.find_first_of("\r\n") == std::string::npos) {
      line.append(record.body);
    } else {
      AppendMinified(record.body, &line);
    }
    line.push_back('\n');
    if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size()) {
      write_failed = true;
      return false;
    }
    return true;
  });
  if (std::fflush(stdout) != 0) write_failed = true;
  if (write_failed) {
    std::fprintf(stderr, "subledger export: writing stdout failed: %s\n", std::strerror(errno));
    return 1;
  }
  if (!s.ok()) {
    std::fprintf(stderr, "subledger export: %s\n", s.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace

SUBLEDGER_COMMAND("export", "write the log as JSON Lines (sequence order) to stdout", Export);

}  // namespace subledger::cli
